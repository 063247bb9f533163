using System.Buffers;
using System.CommandLine;
using Payload.Telemetry.Compression;

namespace Payload.GroundTest.Commands;

/// <summary><c>ground-test decompress</c>: a CCSDS 121.0-B stream back to raw little-endian samples, as <c>aec -d</c> does.</summary>
internal static class DecompressCommand
{
    public static Command Create()
    {
        Ccsds121CommandLine line = new();
        Option<int?> samples = new("--samples") { Description = "Number of samples to write; without it, whole blocks are written until the stream ends (as aec -d does), so a short last block comes back padded." };
        Command command = new("decompress", "Decompress a CCSDS 121.0-B stream to raw little-endian samples (1 byte per sample up to 8 bits, 2 up to 16, 4 above).");
        line.AddTo(command);
        command.Options.Add(samples);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter errors = parse.InvocationConfiguration.Error;
            FileInfo input = parse.GetRequiredValue(line.Input);
            FileInfo target = parse.GetRequiredValue(line.Output);
            Ccsds121Parameters? parameters = line.TryGetParameters(parse, out string problem);
            if (parameters is null)
            {
                errors.WriteLine($"decompress: {problem}");
                return 2;
            }

            int? count = parse.GetValue(samples);
            if (count is < 0)
            {
                errors.WriteLine($"decompress: --samples {count}: must be 0 or more.");
                return 2;
            }

            byte[]? compressed = Ccsds121CommandLine.TryRead("decompress", input, errors);
            if (compressed is null)
            {
                return 1;
            }

            byte[] raw;
            AdaptiveEntropyDecoder decoder = new(parameters);
            try
            {
                if (count is int exact)
                {
                    raw = new byte[(long)exact * parameters.RawBytesPerSample];
                    decoder.DecodeRaw(compressed, raw);
                }
                else
                {
                    ArrayBufferWriter<uint> decoded = new();
                    decoder.DecodeToEnd(compressed, decoded);
                    raw = new byte[decoded.WrittenCount * parameters.RawBytesPerSample];
                    RawSamples.Pack(decoded.WrittenSpan, raw, parameters.BitsPerSample);
                }
            }
            catch (Ccsds121Exception e)
            {
                errors.WriteLine($"decompress: {input.FullName} is not a valid stream for --bits {parameters.BitsPerSample} --block {parameters.BlockSize} --rsi {parameters.ReferenceSampleInterval}: {e.Message}");
                return 1;
            }

            if (!Ccsds121CommandLine.TryWrite("decompress", target, raw, errors))
            {
                return 1;
            }

            output.WriteLine($"{input.Name}: {compressed.Length} bytes -> {target.Name}: {raw.Length / parameters.RawBytesPerSample} samples, {raw.Length} bytes");
            return 0;
        });
        return command;
    }
}

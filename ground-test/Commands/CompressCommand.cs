using System.CommandLine;
using Payload.Telemetry.Compression;

namespace Payload.GroundTest.Commands;

/// <summary><c>ground-test compress</c>: raw little-endian samples to a CCSDS 121.0-B stream, as <c>aec</c> does.</summary>
internal static class CompressCommand
{
    public static Command Create()
    {
        Ccsds121CommandLine line = new();
        Command command = new("compress", "Compress raw little-endian samples (1 byte per sample up to 8 bits, 2 up to 16, 4 above) to a CCSDS 121.0-B stream.");
        line.AddTo(command);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter errors = parse.InvocationConfiguration.Error;
            FileInfo input = parse.GetRequiredValue(line.Input);
            FileInfo target = parse.GetRequiredValue(line.Output);
            Ccsds121Parameters? parameters = line.TryGetParameters(parse, out string problem);
            if (parameters is null)
            {
                errors.WriteLine($"compress: {problem}");
                return 2;
            }

            byte[]? raw = Ccsds121CommandLine.TryRead("compress", input, errors);
            if (raw is null)
            {
                return 1;
            }

            int width = parameters.RawBytesPerSample;
            if (raw.Length % width != 0)
            {
                errors.WriteLine($"compress: {input.FullName} holds {raw.Length} bytes, not a whole number of {width}-byte samples for --bits {parameters.BitsPerSample}.");
                return 1;
            }

            int samples = raw.Length / width;
            byte[] compressed = new byte[parameters.MaxEncodedLength(samples)];
            int length;
            try
            {
                length = new AdaptiveEntropyEncoder(parameters).EncodeRaw(raw, compressed);
            }
            catch (Ccsds121Exception e)
            {
                errors.WriteLine($"compress: {input.FullName}: {e.Message}");
                return 1;
            }

            if (!Ccsds121CommandLine.TryWrite("compress", target, compressed.AsSpan(0, length), errors))
            {
                return 1;
            }

            double ratio = length == 0 ? 0 : (double)raw.Length / length;
            output.WriteLine($"{input.Name}: {samples} samples, {raw.Length} bytes -> {target.Name}: {length} bytes (ratio {ratio:F3})");
            return 0;
        });
        return command;
    }
}

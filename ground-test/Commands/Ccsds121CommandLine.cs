using System.CommandLine;
using Payload.Telemetry.Compression;

namespace Payload.GroundTest.Commands;

/// <summary>
/// The options <c>compress</c> and <c>decompress</c> share, named as libaec's <c>aec</c> names
/// them (<c>-n</c>, <c>-j</c>, <c>-r</c>, <c>-s</c>, <c>-N</c>), so a stream made by one tool is read by the other.
/// </summary>
internal sealed class Ccsds121CommandLine
{
    public Option<int> Bits { get; } = new("--bits", "-n") { Description = "Bits per sample n, 1..32 (raw files hold 1 byte per sample up to 8 bits, 2 up to 16, 4 above).", Required = true };

    public Option<int> Block { get; } = new("--block", "-j") { Description = "Block size J in samples: 8, 16, 32 or 64.", Required = true };

    public Option<int> Rsi { get; } = new("--rsi", "-r") { Description = "Reference sample interval in blocks, 1..4096.", Required = true };

    public Option<bool> Signed { get; } = new("--signed", "-s") { Description = "Samples are two's-complement signed." };

    public Option<bool> NoPreprocess { get; } = new("--no-preprocess", "-N") { Description = "Code the samples as they are, without the unit-delay predictor and mapper." };

    public Argument<FileInfo> Input { get; } = new("IN") { Description = "Input file." };

    public Argument<FileInfo> Output { get; } = new("OUT") { Description = "Output file (overwritten)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Bits);
        command.Options.Add(Block);
        command.Options.Add(Rsi);
        command.Options.Add(Signed);
        command.Options.Add(NoPreprocess);
        command.Arguments.Add(Input);
        command.Arguments.Add(Output);
    }

    /// <summary>The coding parameters, or an error line naming the bad option and its value.</summary>
    public Ccsds121Parameters? TryGetParameters(ParseResult parse, out string error)
    {
        try
        {
            error = "";
            return new Ccsds121Parameters(parse.GetValue(Bits), parse.GetValue(Block), parse.GetValue(Rsi), parse.GetValue(Signed), !parse.GetValue(NoPreprocess));
        }
        catch (ArgumentOutOfRangeException e)
        {
            string option = e.ParamName switch
            {
                "bitsPerSample" => "--bits",
                "blockSize" => "--block",
                _ => "--rsi",
            };
            error = $"{option} {e.ActualValue}: {e.Message.Split(" (Parameter")[0]}";
            return null;
        }
    }

    /// <summary>Reads <paramref name="file"/>; on failure writes one line naming the file and returns null.</summary>
    public static byte[]? TryRead(string verb, FileInfo file, TextWriter errors)
    {
        try
        {
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"{verb}: cannot read {file.FullName}: {e.Message}");
            return null;
        }
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="file"/>; on failure writes one line naming the file.</summary>
    public static bool TryWrite(string verb, FileInfo file, ReadOnlySpan<byte> data, TextWriter errors)
    {
        try
        {
            File.WriteAllBytes(file.FullName, data);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"{verb}: cannot write {file.FullName}: {e.Message}");
            return false;
        }
    }
}

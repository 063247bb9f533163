using System.Diagnostics;
using Payload.GroundTest.Tests.Commands;
using Payload.Telemetry.Coding;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Interop;

/// <summary>
/// Acceptance: a CADU file written by <c>ground-test frame</c> is decoded completely by gr-satellites'
/// CCSDS Reed-Solomon deframer, an independent sync, descrambler and deinterleaver.
/// </summary>
public class GrSatellitesDeframerTests
{
    private const string DebianPython = "/usr/bin/python3";
    private const string InstallHint = "install Debian's gr-satellites and gnuradio (apt-get install gr-satellites gnuradio)";

    [TestCase(1, 223)]
    [TestCase(1, 150)]
    [TestCase(2, 446)]
    [TestCase(3, 600)]
    [TestCase(4, 892)]
    [TestCase(5, 1000)]
    [TestCase(8, 1784)]
    public void Every_frame_is_recovered_byte_identical_with_no_RS_errors(int interleave, int frameLength)
    {
        string python = Require.Tool(DebianPython, InstallHint);
        using PacketFolderFixture folder = new(count: 80, seed: frameLength);
        string cadus = folder.PathFor("out.cadu");
        (int exitCode, _, string errors) = PacketFolderFixture.Run("frame", "--packets", folder.PacketFolder, "--out", cadus, "--interleave", $"{interleave}", "--frame-length", $"{frameLength}");
        Assert.That(exitCode, Is.Zero, errors);

        List<string> recovered = RunDeframer(python, cadus, frameLength, interleave, folder.PathFor("gr-frames.txt"));
        List<string> sent = SentFrames(File.ReadAllBytes(cadus), new CaduFormat(frameLength, interleave));

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.Not.Empty);
            Assert.That(recovered.Select(line => line.Split(' ')[0]), Is.EqualTo(sent));
            Assert.That(recovered.Select(line => line.Split(' ')[1]), Has.All.EqualTo("0"));
        });
    }

    /// <summary>The frames inside our CADUs: the codeblock's systematic part, de-randomised.</summary>
    private static List<string> SentFrames(byte[] cadus, CaduFormat format)
    {
        List<string> frames = [];
        for (int at = 0; at + format.CaduLength <= cadus.Length; at += format.CaduLength)
        {
            byte[] codeblock = cadus.AsSpan(at + AttachedSyncMarker.Length, format.CodeblockLength).ToArray();
            PseudoRandomizer.Apply(codeblock);
            frames.Add(Convert.ToHexStringLower(codeblock, 0, format.FrameLength));
        }

        return frames;
    }

    private static List<string> RunDeframer(string python, string cadus, int frameLength, int interleave, string output)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Interop", "gr_satellites_deframe.py");
        ProcessStartInfo start = new(python, [script, cadus, $"{frameLength}", $"{interleave}", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        _ = stdout.Result;
        process.WaitForExit();
        if (process.ExitCode == 3)
        {
            Assert.Ignore($"gr-satellites cannot be imported by {python}: {stderr.Trim()}; {InstallHint}");
        }

        Assert.That(process.ExitCode, Is.Zero, stderr);
        return [.. File.ReadAllLines(output)];
    }
}

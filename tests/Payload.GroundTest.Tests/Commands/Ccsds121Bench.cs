using System.CommandLine;
using System.Diagnostics;
using Payload.GroundTest.Commands;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Commands;

/// <summary>A scratch folder, raw sample files, and the two ways to run a CCSDS 121 coder: our commands in-process and libaec's <c>aec</c>.</summary>
internal sealed class Ccsds121Bench : IDisposable
{
    public Ccsds121Bench()
    {
        Folder = Directory.CreateTempSubdirectory("payload-ccsds121-").FullName;
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Smooth synthetic imagery plus noise, little-endian in 1, 2 or 4 bytes per sample; signed samples sign-extended.</summary>
    public string WriteImage(string name, int count, int bits, bool signed, int seed)
    {
        Random random = new(seed);
        int width = bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
        long min = signed ? -(1L << (bits - 1)) : 0;
        long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        byte[] raw = new byte[count * width];
        for (int i = 0; i < count; i++)
        {
            double smooth = ((min + max) / 2.0) + ((max - min) / 8.0 * Math.Sin(i / 60.0));
            double noise = Math.Min(16, (max - min) / 64.0) * (random.NextDouble() - 0.5) * 3;
            long value = (long)Math.Clamp(Math.Round(smooth + noise), min, max);
            for (int b = 0; b < width; b++)
            {
                raw[(i * width) + b] = (byte)(value >> (8 * b));
            }
        }

        string path = PathOf(name);
        File.WriteAllBytes(path, raw);
        return path;
    }

    /// <summary>Runs <c>ground-test</c> with <paramref name="args"/> in-process; returns the exit code and what it printed.</summary>
    public static (int ExitCode, string Output, string Error) GroundTest(params string[] args)
    {
        RootCommand root = new() { CompressCommand.Create(), DecompressCommand.Create() };
        using StringWriter output = new();
        using StringWriter error = new();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs libaec's <c>aec</c>; ignores the test when libaec-tools is not installed.</summary>
    public static void Aec(params string[] args)
    {
        string aec = Require.Tool("aec", "install libaec-tools (apt-get install libaec-tools).");
        ProcessStartInfo start = new(aec) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"aec {string.Join(' ', args)} failed: {stderr}");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

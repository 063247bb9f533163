using System.Diagnostics;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Station;

/// <summary>
/// Two pseudo-terminals joined back to back by socat, standing in for a serial cable: what is written to one end is
/// read at the other. Both ends are symbolic links in the caller's folder; socat is killed on dispose.
/// </summary>
internal sealed class PseudoTerminalPair : IDisposable
{
    /// <summary>What socat -d -d logs once both ptys exist and it copies between them.</summary>
    private const string ReadyNotice = "starting data transfer loop";

    private readonly Process socat;

    private PseudoTerminalPair(Process socat, string first, string second)
    {
        this.socat = socat;
        First = first;
        Second = second;
    }

    public string First { get; }

    public string Second { get; }

    /// <summary>Starts socat with the ends at <paramref name="first"/> and <paramref name="second"/>; ignores the test when socat is missing.</summary>
    public static async Task<PseudoTerminalPair> OpenAsync(string first, string second)
    {
        string executable = Require.Tool("socat", "install Debian's socat package (apt-get install socat) to run the serial link tests");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-d", "-d", $"pty,raw,echo=0,link={first}", $"pty,raw,echo=0,link={second}" })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Process process = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data?.Contains(ReadyNotice, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"socat exited: {log}"));
        process.EnableRaisingEvents = true;
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch
        {
            Stop(process);
            throw;
        }

        return new PseudoTerminalPair(process, first, second);
    }

    public void Dispose() => Stop(socat);

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }
}

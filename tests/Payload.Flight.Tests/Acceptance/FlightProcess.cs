using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Payload.Flight.Commanding;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Links;

namespace Payload.Flight.Tests.Acceptance;

/// <summary>
/// The built flight executable as a child process, reached only through its links: CLTUs into its UDP uplink, CADUs
/// out of its UDP downlink decoded by <see cref="GroundTelemetryDecoder"/>. Waits are on what the ground receives,
/// each bounded by a timeout that fails the test.
/// </summary>
internal sealed class FlightProcess : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly UdpCaduSource downlink;
    private readonly CancellationTokenSource stop = new();
    private readonly Task receiving;
    private readonly object gate = new();
    private readonly List<object> received = [];
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Done)> waiters = [];
    private readonly StringBuilder log = new();
    private readonly UdpClient uplink = new(AddressFamily.InterNetwork);

    private FlightProcess(Process process, UdpCaduSource downlink, IPEndPoint uplinkEndPoint, int spacecraftId)
    {
        this.process = process;
        this.downlink = downlink;
        UplinkEndPoint = uplinkEndPoint;
        var decoder = new GroundTelemetryDecoder(spacecraftId);
        decoder.Acknowledgement += a => Arrive(a);
        decoder.Event += (id, _, text) => Arrive(new ReceivedEvent(id, text));
        decoder.Housekeeping += h => Arrive(h);
        decoder.Product += p => Arrive(p);
        decoder.FilePdu += p => FilePdu?.Invoke(p);
        receiving = decoder.ReadFromAsync(downlink, stop.Token);
    }

    public IPEndPoint UplinkEndPoint { get; }

    /// <summary>CFDP PDUs from the payload, on the downlink's thread.</summary>
    public event Action<byte[]>? FilePdu;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>A fresh folder for one flight process, holding its owner-only uplink key file (SPI 1, <paramref name="key"/>).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static (string Directory, string KeyFile) CreateWorkspace(string prefix, byte[] key)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        string keyFile = Path.Combine(directory, "uplink.keys");
        File.WriteAllText(keyFile, $"1 {Convert.ToHexString(key)}\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (directory, keyFile);
    }

    /// <summary>
    /// Writes a configuration with loopback links into <paramref name="directory"/> and starts the flight executable;
    /// <paramref name="settings"/> are further top-level JSON properties (e.g. <c>"modelSlots": "slots"</c>).
    /// </summary>
    public static FlightProcess Start(string directory, string keyFile, int spacecraftId, string? settings = null)
    {
        var downlink = new UdpCaduSource(new IPEndPoint(IPAddress.Loopback, 0));
        int uplinkPort = FreeUdpPort();
        string config = Path.Combine(directory, "flight.json");
        File.WriteAllText(config, $$"""
            { "uplink": { "kind": "udp", "host": "127.0.0.1", "port": {{uplinkPort}} },
              "downlink": { "kind": "udp", "host": "127.0.0.1", "port": {{downlink.LocalEndPoint.Port}} },
              "keyFile": "{{keyFile}}", "stateFile": "state/boot.json", "checkpoints": "checkpoints", "spacecraftId": {{spacecraftId}}
              {{(settings is null ? "" : ", " + settings)}} }
            """);
        Process process = StartProcess(["run", "--config", config], directory);
        var flight = new FlightProcess(process, downlink, new IPEndPoint(IPAddress.Loopback, uplinkPort), spacecraftId);
        process.OutputDataReceived += (_, e) => flight.Append(e.Data);
        process.ErrorDataReceived += (_, e) => flight.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return flight;
    }

    public static Process StartProcess(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Payload.Flight.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public Task SendAsync(byte[] cltu) => uplink.SendAsync(cltu, UplinkEndPoint).AsTask();

    public void Send(byte[] cltu) => uplink.Send(cltu, UplinkEndPoint);

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, string what)
    {
        TaskCompletionSource<object> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            object? already = received.FirstOrDefault(r => r is T t && match(t));
            if (already is not null)
            {
                return (T)already;
            }
            waiters.Add((r => r is T t && match(t), done));
        }
        try
        {
            return (T)await done.Task.WaitAsync(WaitLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no {what} within {WaitLimit.TotalSeconds} s; flight log:\n{Log}");
        }
    }

    /// <summary>Forgets everything received so far, so the next waits see only what arrives afterwards.</summary>
    public void ClearReceived()
    {
        lock (gate)
        {
            received.Clear();
        }
    }

    private void Arrive(object item)
    {
        lock (gate)
        {
            received.Add(item);
            foreach (var waiter in waiters.Where(w => w.Match(item)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult(item);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
        await stop.CancelAsync().ConfigureAwait(false);
        await downlink.DisposeAsync().ConfigureAwait(false);
        try
        {
            await receiving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        uplink.Dispose();
        stop.Dispose();
    }
}

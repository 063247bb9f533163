using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Payload.Flight.Configuration;
using Payload.Hal.Buses;

namespace Payload.GroundTest.Station;

/// <summary>
/// The flight executable (<c>Payload.Flight.dll</c>, built beside ground-test) as a child process of the ground station.
/// <see cref="Create"/> prepares its folder — configuration with its links (loopback UDP unless told otherwise), an owner-only uplink key file, state
/// and checkpoint folders — and <see cref="Start"/>/<see cref="Kill"/> run and SIGKILL it; every start appends its
/// output to <c>flight.log</c>. The same folder and ports are kept across restarts, so it resumes from its own state.
/// </summary>
internal sealed class FlightChild : IDisposable
{
    /// <summary>The flight configuration's name in the flight folder.</summary>
    public const string ConfigurationFileName = "flight.json";

    /// <summary>The uplink key file's name in the flight folder.</summary>
    public const string KeyFileName = "uplink.keys";

    /// <summary>HMAC-SHA-256 key length the ground generates per run.</summary>
    private const int KeyLength = 32;

    private readonly object gate = new();
    private readonly StreamWriter log;
    private Process? process;

    private FlightChild(string folder, LinkConfiguration uplink, StreamWriter log)
    {
        Folder = folder;
        Uplink = uplink;
        this.log = log;
    }

    /// <summary>The flight's working folder (configuration, keys, state, checkpoints, log).</summary>
    public string Folder { get; }

    public string KeyFile => Path.Combine(Folder, KeyFileName);

    /// <summary>Where the flight listens for CLTUs.</summary>
    public LinkConfiguration Uplink { get; }

    /// <summary>Times the process was started.</summary>
    public int Starts { get; private set; }

    public bool IsRunning
    {
        get
        {
            lock (gate)
            {
                return process is { HasExited: false };
            }
        }
    }

    /// <summary>
    /// The simulated downlink rate the child is configured with (<c>downlink.bitsPerSecond</c>): below the rate at which
    /// the sim board's scenes produce bulk products, so the product channel backs up and alerts are measured on a
    /// saturated link.
    /// </summary>
    public const long SimDownlinkBitsPerSecond = 256_000;

    /// <summary>The executable this process runs: <c>Payload.Flight.dll</c> beside this assembly.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "Payload.Flight.dll");

    /// <summary>As <see cref="Create(string, LinkConfiguration, LinkConfiguration, ushort, ushort, string, double)"/> on loopback UDP: CADUs to <paramref name="downlinkPort"/>, CLTUs on a free port.</summary>
    public static FlightChild Create(string folder, int downlinkPort, ushort spacecraftId, ushort spi, string board, double maxTilesPerSecond) =>
        Create(folder, new LinkConfiguration(LinkKind.Udp, IPAddress.Loopback.ToString(), downlinkPort), new LinkConfiguration(LinkKind.Udp, IPAddress.Loopback.ToString(), FreeUdpPort()),
            spacecraftId, spi, board, maxTilesPerSecond);

    /// <summary>Writes <paramref name="folder"/>: configuration, key file for <paramref name="spi"/>, state folders.</summary>
    /// <param name="folder">Created when absent.</param>
    /// <param name="downlink">Where the flight sends its CADUs (UDP, a TCP listening address or a serial device), at <see cref="SimDownlinkBitsPerSecond"/>.</param>
    /// <param name="uplink">Where the flight listens for CLTUs (UDP, TCP or a serial device; the downlink's device may be named again).</param>
    /// <param name="spacecraftId">Spacecraft id of TM and TC frames.</param>
    /// <param name="spi">Security parameter index of the generated uplink key.</param>
    /// <param name="board">Board name (<c>sim</c>) or the path of a board profile.</param>
    /// <param name="maxTilesPerSecond">The flight's tile rate ceiling.</param>
    public static FlightChild Create(string folder, LinkConfiguration downlink, LinkConfiguration uplink, ushort spacecraftId, ushort spi, string board, double maxTilesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(downlink);
        ArgumentNullException.ThrowIfNull(uplink);
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"flight executable {Executable} is missing: ground-test is built with it beside", Executable);
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the uplink key file must be owner-only, which needs Unix file modes");
        }

        Directory.CreateDirectory(Path.Combine(folder, "state"));
        Directory.CreateDirectory(Path.Combine(folder, "checkpoints"));
        string keyFile = Path.Combine(folder, KeyFileName);
        File.WriteAllText(keyFile, string.Create(CultureInfo.InvariantCulture, $"{spi} {Convert.ToHexString(RandomNumberGenerator.GetBytes(KeyLength))}\n"));
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string boardValue = File.Exists(board) ? Path.GetFullPath(board) : board;
        // Restarts are the test here, so they must not force SAFE: the reset limit is set as high as the flight allows.
        string configuration = string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "board": {{System.Text.Json.JsonSerializer.Serialize(boardValue)}},
              "checkpoints": "checkpoints",
              "stateFile": "state/boot.json",
              "downlink": {{LinkJson(downlink, SimDownlinkBitsPerSecond)}},
              "uplink": {{LinkJson(uplink, 0)}},
              "rates": { "maxTilesPerSecond": {{maxTilesPerSecond}} },
              "faults": { "maxResets": 1000, "resetWindowSeconds": 1 },
              "spacecraftId": {{spacecraftId}},
              "keyFile": "{{KeyFileName}}"
            }
            """);
        File.WriteAllText(Path.Combine(folder, ConfigurationFileName), configuration);
        var log = new StreamWriter(Path.Combine(folder, "flight.log"), append: true) { AutoFlush = true };
        return new FlightChild(folder, uplink, log);
    }

    /// <summary>Starts the flight process (again); no effect while it runs.</summary>
    public void Start()
    {
        lock (gate)
        {
            if (process is { HasExited: false })
            {
                return;
            }

            process?.Dispose();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Executable);
            start.ArgumentList.Add("run");
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(Path.Combine(Folder, ConfigurationFileName));
            Starts++;
            Append($"--- start {Starts} at {DateTimeOffset.UtcNow:O}");
            Process started = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the flight executable");
            started.OutputDataReceived += (_, e) => Append(e.Data);
            started.ErrorDataReceived += (_, e) => Append(e.Data);
            started.BeginOutputReadLine();
            started.BeginErrorReadLine();
            process = started;
        }
    }

    /// <summary>Ends the flight process with SIGKILL (no chance to clean up) and waits until it is gone.</summary>
    public void Kill()
    {
        lock (gate)
        {
            if (process is not { HasExited: false } running)
            {
                return;
            }

            Append($"--- SIGKILL at {DateTimeOffset.UtcNow:O}");
            running.Kill();
            running.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        lock (gate)
        {
            process?.Dispose();
            process = null;
            log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>One link of the flight configuration (flight/README.md): a socket by host and port, a serial device by path and line settings.</summary>
    private static string LinkJson(LinkConfiguration link, long bitsPerSecond)
    {
        string extra = bitsPerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $", \"bitsPerSecond\": {bitsPerSecond}") : "";
        string kind = link.Kind.ToString().ToLowerInvariant();
        if (link.Kind != LinkKind.Serial)
        {
            return string.Create(CultureInfo.InvariantCulture, $$"""{ "kind": "{{kind}}", "host": "{{link.Host}}", "port": {{link.Port}}{{extra}} }""");
        }

        UartSettings line = link.Line ?? new UartSettings();
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{ "kind": "serial", "path": {{System.Text.Json.JsonSerializer.Serialize(link.Path)}}, "baud": {{line.BaudRate}}, "parity": "{{line.Parity.ToString().ToLowerInvariant()}}", "stopBits": {{(int)line.StopBits}}{{extra}} }""");
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

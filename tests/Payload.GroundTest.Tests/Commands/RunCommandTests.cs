using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Payload.GroundTest.Station;

namespace Payload.GroundTest.Tests.Commands;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class RunCommandTests
{
    [Test]
    public void Run_spawns_the_flight_commands_it_over_cop1_and_writes_every_tile_it_receives_once()
    {
        using TempFolder temp = new();

        (int code, string output, string error) = GroundTestCli.Invoke("run", "--scenes", "2", "--seed", "7", "--size", "96", "--out", temp.Path, "--run", "tiny");

        Assert.That(code, Is.Zero, error + output);
        string run = Path.Combine(temp.Path, "tiny");
        Assert.That(output, Does.Contain("Payload.Flight child process"));
        Assert.That(output, Does.Contain("tiles        2 of 2 received, 0 lost, 0 duplicated"));
        Assert.That(output, Does.Contain("COP-1 Type-AD").And.Contain("saved").And.Contain(run));
        // The console wraps long lines at spaces.
        Assert.That(string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), Does.Contain("ClassMap 2/2, ConfidenceMap 2/2, QuicklookRgb 2/2, SceneSummary 2/2"));
        Assert.That(output, Does.Contain("every product of every scene arrived exactly once"));
        Assert.That(output, Does.Contain("alert load   downlink limited to 256 kbit/s"), "the summary states the link rate alerts were measured at");

        string[] products = [.. Directory.GetFiles(Path.Combine(run, "products")).Select(Path.GetFileName)!];
        Assert.That(products, Does.Contain("s000007-t0000-classmap.npy").And.Contain("s000008-t0000-classmap.npy"));
        Assert.That(File.Exists(Path.Combine(run, "png", "s000007-t0000-classmap.png")), Is.True);

        string[] events = File.ReadAllLines(Path.Combine(run, "events.jsonl"));
        string[] messages = [.. events.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("message").GetString()!)];
        Assert.That(messages, Has.Some.StartsWith("BOOTED"));
        Assert.That(messages, Has.Some.StartsWith("SET_MODE tag").And.Some.Contains("Completed"));
        Assert.That(File.ReadAllLines(Path.Combine(run, "housekeeping.csv")), Has.Some.Contains(",ACCEL_TEMPERATURE,"));

        Assert.That(File.Exists(Path.Combine(run, "flight", FlightChild.ConfigurationFileName)), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(run, "flight", FlightChild.ConfigurationFileName)), Does.Contain($"\"bitsPerSecond\": {FlightChild.SimDownlinkBitsPerSecond}"));
        Assert.That(File.GetUnixFileMode(Path.Combine(run, "flight", FlightChild.KeyFileName)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("<section id=\"bandwidth\">").And.Contain("<section id=\"alerts\">"));
    }

    [TestCase("--scenes", "0")]
    [TestCase("--size", "-4")]
    [TestCase("--tile-rate", "0")]
    [TestCase("--chaos", "-1")]
    [TestCase("--cadu-corruption", "1.5")]
    [TestCase("--cadu-drop", "-0.1")]
    [TestCase("--timeout", "0")]
    public void Nonsense_values_are_refused_naming_them(string option, string value)
    {
        (int code, _, string error) = GroundTestCli.Invoke("run", option, value);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain(option).And.Contain(value));
    }

    [Test]
    public void A_rig_needs_its_key_file_and_cannot_be_killed()
    {
        (int withoutKey, _, string keyError) = GroundTestCli.Invoke("run", "--rig", "127.0.0.1:9");
        (int withChaos, _, string chaosError) = GroundTestCli.Invoke("run", "--rig", "127.0.0.1:9", "--chaos", "2", "--key-file", "/dev/null");

        Assert.That((withoutKey, withChaos), Is.EqualTo((2, 2)));
        Assert.That(keyError, Does.Contain("--key-file"));
        Assert.That(chaosError, Does.Contain("--chaos 2"));
    }

    [Test]
    public void Run_with_rig_commands_a_flight_it_did_not_start_over_tcp_downlink_and_udp_uplink()
    {
        using TempFolder temp = new();
        string keys = temp.File("rig.keys");
        File.WriteAllText(keys, "1 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        int downlink = FreePort(SocketType.Stream, ProtocolType.Tcp);
        int uplink = FreePort(SocketType.Dgram, ProtocolType.Udp);
        string profile = temp.File("small-sim.json");
        SimBoardProfile.Write(profile, 96);
        File.WriteAllText(temp.File("rig.json"), $$"""
            { "board": "{{profile}}", "checkpoints": "checkpoints", "stateFile": "state/boot.json",
              "downlink": { "kind": "tcp", "host": "127.0.0.1", "port": {{downlink}} },
              "uplink": { "kind": "udp", "host": "127.0.0.1", "port": {{uplink}} },
              "keyFile": "rig.keys" }
            """);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { FlightChild.Executable, "run", "--config", temp.File("rig.json") })
        {
            start.ArgumentList.Add(argument);
        }

        using Process flight = Process.Start(start)!;
        flight.OutputDataReceived += (_, _) => { };
        flight.ErrorDataReceived += (_, _) => { };
        flight.BeginOutputReadLine();
        flight.BeginErrorReadLine();
        try
        {
            (int code, string output, string error) = GroundTestCli.Invoke("run", "--rig", $"127.0.0.1:{downlink}", "--uplink", $"udp://127.0.0.1:{uplink}",
                "--key-file", keys, "--scenes", "1", "--seed", "3", "--out", temp.Path, "--run", "rig", "--timeout", "60");

            Assert.That(code, Is.Zero, error + output);
            Assert.That(output, Does.Contain($"rig 127.0.0.1:{downlink}"));
            Assert.That(output, Does.Contain("tiles        1 of 1 received, 0 lost, 0 duplicated"));
            Assert.That(Directory.Exists(Path.Combine(temp.Path, "rig", "flight")), Is.False, "nothing spawned");
        }
        finally
        {
            flight.Kill();
            flight.WaitForExit();
        }
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, type, protocol);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

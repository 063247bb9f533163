using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Payload.GroundTest.Tests.Commands;

/// <summary>
/// <c>model upload --install</c>, <c>list</c>, <c>activate</c> and <c>rollback</c> against the flight executable as a
/// child process over loopback UDP: the CLI is the only ground.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ModelUploadCommandTests
{
    private const string SpacecraftId = "302";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    /// <summary>A first sequence number far above tenths of a second since 2025 (about 6.0e8 in 2026).</summary>
    private const uint FarAhead = 4_000_000_000;

    [Test]
    public async Task Upload_with_install_activates_the_package_and_the_slot_commands_and_send_answer_without_a_sequence_number()
    {
        using TempFolder temp = new();
        string package = ModelCommandTests.Pack(temp);
        string keys = temp.File("uplink.keys");
        File.WriteAllText(keys, "1 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        int uplink = FreeUdpPort();
        int downlink = FreeUdpPort();
        File.WriteAllText(temp.File("flight.json"), $$"""
            { "uplink": { "kind": "udp", "host": "127.0.0.1", "port": {{uplink}} },
              "downlink": { "kind": "udp", "host": "127.0.0.1", "port": {{downlink}} },
              "keyFile": "uplink.keys", "stateFile": "state/boot.json", "checkpoints": "checkpoints", "spacecraftId": {{SpacecraftId}},
              "modelSlots": "state/slots", "groundKeyFile": "ground-key.pub.pem", "files": { "ackTimeoutSeconds": 1, "nakTimeoutSeconds": 1 } }
            """);
        using Process flight = await StartFlightAsync(temp.Path);
        try
        {
            string[] link = ["--key-file", keys, "--to", $"udp://127.0.0.1:{uplink}", "--ack", $"udp://127.0.0.1:{downlink}", "--scid", SpacecraftId, "--timeout", "30"];

            (int uploaded, string output, string error) = GroundTestCli.Invoke(
                ["model", "upload", package, "--install", "--segment", "256", "--cfdp-timeout", "1", "--drop-rate", "0.1", "--drop-seed", "5", "--sequence", $"{FarAhead}", .. link]);

            Assert.That(uploaded, Is.Zero, $"{error}\n{output}");
            Assert.That(output, Does.Match(@"finished: transaction [0-9]+, [0-9]+ PDUs sent, [0-9]+ received, [1-9][0-9]* dropped"));
            Assert.That(output, Does.Contain("MODEL_INSTALL (opcode 0x0014)").And.Contain("  Completed").And.Contain("MODEL_STEP: SlotActivated"));
            uint next = uint.Parse(NextSequence().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

            // No --sequence from here on: each session starts where the last one stopped (the upload is far ahead of the
            // clock, so a time-based number alone would be a replay).
            (int listed, string slots, string listError) = GroundTestCli.Invoke(["model", "list", .. link]);
            (int activated, string activation, _) = GroundTestCli.Invoke(["model", "activate", "B", .. link]);
            (int rolledBack, string rollback, _) = GroundTestCli.Invoke(["model", "rollback", .. link]);
            string dictionary = temp.File("dict.json");
            File.WriteAllText(dictionary, Payload.Flight.Dictionary.FlightDictionary.Document.ToJson());
            (int sent, string noop, string sendError) = GroundTestCli.Invoke(["send", "NOOP", "--dict", dictionary, "--tag", "7", .. link]);

            Assert.That(next, Is.GreaterThan(FarAhead));
            Assert.That(sent, Is.Zero, $"{sendError}\n{noop}");
            Assert.That(noop, Does.Contain("NOOP (opcode 0x0001) tag 7").And.Contain("COP-1 Type-AD").And.Contain("  Completed"));
            Assert.That(uint.Parse(File.ReadAllText(keys + ".sequence").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(next));

            Assert.That(listed, Is.Zero, listError);
            Assert.That(slots, Does.Contain("MODEL_SLOTS: slot A: active").And.Contain("slot B: empty"));
            Assert.That(activated, Is.EqualTo(1), "slot B is empty");
            Assert.That(activation, Does.Contain("  Failed: ").And.Contain("MODEL_PROBLEM: CommandRefused"));
            Assert.That(rolledBack, Is.EqualTo(1), "nothing to roll back to");
            Assert.That(rollback, Does.Contain("MODEL_ROLLBACK (opcode 0x0012)").And.Contain("  Failed: "));
        }
        finally
        {
            flight.Kill(entireProcessTree: true);
            await flight.WaitForExitAsync();
        }
    }

    [Test]
    public void Upload_of_a_missing_package_is_refused_with_exit_code_2()
    {
        using TempFolder temp = new();

        (int exit, _, string error) = GroundTestCli.Invoke("model", "upload", temp.File("none.zip"), "--key-file", temp.File("keys"), "--ack", "udp://127.0.0.1:9");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("none.zip does not exist"));
    }

    [Test]
    public void Model_list_needs_a_downlink_to_print_the_answer()
    {
        (int exit, _, string error) = GroundTestCli.Invoke("model", "list", "--key-file", "keys");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain("--ack"));
    }

    private static async Task<Process> StartFlightAsync(string directory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "Payload.Flight.dll"), "run", "--config", Path.Combine(directory, "flight.json") })
        {
            start.ArgumentList.Add(argument);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("flight: board", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(StartLimit);
        return process;
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    [GeneratedRegex("next security sequence ([0-9]+)")]
    private static partial Regex NextSequence();
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Payload.GroundTest.Commands;
using Payload.Telemetry.Packets;

namespace Payload.GroundTest.Tests.Commands;

/// <summary>
/// The checkpoint acceptance test: a child worker process is killed (SIGKILL) at seeded random
/// moments and restarted; its product log must equal an uninterrupted run's. CI uses 10 kills; the
/// full 50-kill run is <c>PAYLOAD_CHECKPOINT_KILLS=50 dotnet test tests/Payload.GroundTest.Tests --filter Name~killed</c>.
/// </summary>
public class PipelineWorkerCommandTests
{
    private const string KillsVariable = "PAYLOAD_CHECKPOINT_KILLS";
    private static readonly string[] Scenes = ["--scenes", "3", "--size", "96", "--tile", "32", "--every", "2"];

    private static string[] WorkerArgs(TempFolder folder) =>
        ["pipeline-worker", .. Scenes, "--checkpoint", folder.File("checkpoint"), "--out", folder.File("out")];

    private static byte[] ProductLog(TempFolder folder) => File.ReadAllBytes(Path.Combine(folder.File("out"), PipelineWorkerCommand.ProductLogName));

    [Test]
    public void An_uninterrupted_run_logs_every_tile_once_with_consecutive_sequence_counts()
    {
        using var folder = new TempFolder();

        (int code, string output, string error) = GroundTestCli.Invoke(WorkerArgs(folder));

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.EndWith("done" + Environment.NewLine));
        List<(int Scene, int Tile, int Sequence)> packets = Packets(ProductLog(folder));
        Assert.That(packets, Has.Count.EqualTo(27));
        Assert.That(packets.Select(p => p.Sequence), Is.EqualTo(Enumerable.Range(0, 27)));
        Assert.That(packets.Select(p => (p.Scene, p.Tile)), Is.EqualTo(Enumerable.Range(0, 3).SelectMany(s => Enumerable.Range(0, 9).Select(t => (s, t)))));
    }

    [Test]
    public void A_finished_run_restarted_adds_nothing()
    {
        using var folder = new TempFolder();
        GroundTestCli.Invoke(WorkerArgs(folder));
        byte[] first = ProductLog(folder);

        (int code, _, string error) = GroundTestCli.Invoke(WorkerArgs(folder));

        Assert.That(code, Is.Zero, error);
        Assert.That(ProductLog(folder), Is.EqualTo(first));
    }

    [Test]
    public void A_corrupted_newest_checkpoint_is_reported_and_the_run_still_completes_exactly_once()
    {
        using var reference = new TempFolder();
        GroundTestCli.Invoke(WorkerArgs(reference));
        using var folder = new TempFolder();
        GroundTestCli.Invoke(WorkerArgs(folder));
        string[] slots = Directory.GetFiles(folder.File("checkpoint"), "checkpoint-*.bin");
        string newest = slots.OrderByDescending(File.GetLastWriteTimeUtc).First();
        byte[] bytes = File.ReadAllBytes(newest);
        bytes[^9] ^= 0x20;
        File.WriteAllBytes(newest, bytes);

        (int code, _, string error) = GroundTestCli.Invoke(WorkerArgs(folder));

        Assert.That(code, Is.Zero, error);
        Assert.That(error, Does.Contain("rejected: CRC-32C mismatch"));
        Assert.That(ProductLog(folder), Is.EqualTo(ProductLog(reference)));
    }

    [Test]
    public void A_worker_killed_at_random_moments_and_restarted_logs_every_tile_exactly_once()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Payload.GroundTest.dll");
        Assert.That(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), Is.True, $"ground-test is not built beside the tests: {dll}");
        int kills = int.Parse(Environment.GetEnvironmentVariable(KillsVariable) ?? "10", CultureInfo.InvariantCulture);
        using var reference = new TempFolder();
        GroundTestCli.Invoke(WorkerArgs(reference));
        byte[] expected = ProductLog(reference);
        var random = new Random(2026);

        // A worker may run ahead of the lines read here, so one run can finish before every kill is
        // spent: the kills are then spread over several complete runs, each checked on its own.
        int killed = 0;
        int runs = 0;
        while (killed < kills)
        {
            runs++;
            Assert.That(runs, Is.LessThanOrEqualTo(kills), "a run ended without being killed once");
            using var folder = new TempFolder();
            killed += RunUntilDone(dll, folder, random, kills - killed);
            List<(int Scene, int Tile, int Sequence)> packets = Packets(ProductLog(folder));
            Assert.That(packets.Select(p => p.Sequence), Is.EqualTo(Enumerable.Range(0, 27)), $"run {runs}: a sequence count is missing or repeated");
            Assert.That(ProductLog(folder), Is.EqualTo(expected), $"run {runs}: the log differs from the uninterrupted run");
        }

        TestContext.Out.WriteLine($"{killed} kills over {runs} complete run(s)");
    }

    /// <summary>Starts the worker again after each kill until it reports done; returns the kills made.</summary>
    private static int RunUntilDone(string dll, TempFolder folder, Random random, int killBudget)
    {
        int killed = 0;
        for (int lives = 1; ; lives++)
        {
            Assert.That(lives, Is.LessThan(killBudget + 20), "the worker never finishes");
            using Process worker = Start(dll, WorkerArgs(folder));
            int killAfter = killed < killBudget ? random.Next(0, 5) : int.MaxValue;
            int lines = 0;
            string? line = null;
            while (lines < killAfter && (line = worker.StandardOutput.ReadLine()) is not null && line != "done")
            {
                lines++;
            }

            if (line == "done")
            {
                worker.WaitForExit();
                Assert.That(worker.ExitCode, Is.Zero, worker.StandardError.ReadToEnd());
                return killed;
            }

            if (lines >= killAfter)
            {
                worker.Kill(entireProcessTree: true);
                killed++;
            }

            worker.WaitForExit();
        }
    }

    private static Process Start(string dll, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static List<(int Scene, int Tile, int Sequence)> Packets(byte[] log)
    {
        var packets = new List<(int, int, int)>();
        for (int offset = 0; offset < log.Length;)
        {
            SpacePacketHeader header = SpacePacketHeader.Parse(log.AsSpan(offset));
            Assert.That(header.Apid, Is.EqualTo(PipelineWorkerCommand.TileProductApid));
            ReadOnlySpan<byte> data = log.AsSpan(offset + SpacePacketHeader.Length);
            packets.Add((BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), header.SequenceCount));
            offset += header.PacketLength;
        }

        return packets;
    }
}

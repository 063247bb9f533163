using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Payload.Hal.Boards;
using Payload.Hal.Housekeeping;

namespace Payload.Benchmarks.Hal;

/// <summary>
/// One housekeeping pass over the simulated board with every device (INA226: 4 values, TMP117, load-switch
/// power-good), observed by latch-up protection and the thermal governor, published to a bounded channel.
/// Issue 4's budget: at 10 Hz the sampler must cost under 1 % of one core, i.e. a pass under 1 ms
/// (CPU % at 10 Hz = mean pass time × 10 / 1 s). Allocated bytes per pass should be zero.
/// Run: <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*HousekeepingSampling*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class HousekeepingSamplingBenchmark
{
    private Board _board = null!;
    private HousekeepingSampler _sampler = null!;
    private Channel<HousekeepingRecord> _records = null!;

    [GlobalSetup]
    public void BuildSimulatedBoard()
    {
        _board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn(BoardProfileLoader.SimProfile));
        Channel<HalEvent> events = Channel.CreateBounded<HalEvent>(64);
        BoardRail rail = _board.Rails.Single();
        IHousekeepingObserver[] observers =
        [
            new LatchUpProtection(rail, new LatchUpOptions(), events.Writer, _board.Time),
            new ThermalGovernor(rail.TemperatureSensorDevice!, new ThermalGovernorOptions(85, 20), events.Writer, _board.Time),
        ];
        _records = Channel.CreateBounded<HousekeepingRecord>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        _sampler = new HousekeepingSampler(_board, _records.Writer, TimeSpan.FromMilliseconds(100), observers);
    }

    [Benchmark(Description = "one housekeeping pass, sim board, all devices")]
    public int SamplePass() => _sampler.SampleOnce();

    [GlobalCleanup]
    public void DisposeBoard() => _board.Dispose();
}

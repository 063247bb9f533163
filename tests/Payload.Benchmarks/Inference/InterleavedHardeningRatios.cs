namespace Payload.Benchmarks.Inference;

/// <summary>
/// The <see cref="HardeningBenchmarks"/> rows as ratios to <see cref="HardeningBenchmarks.Bare"/>,
/// measured interleaved: every round runs each row once, back to back, and reads the process's CPU
/// time around it (<see cref="ProcessCpuClock"/>); the figure is the median over rounds of each
/// round's ratio, with the interquartile range. On a shared virtual machine whose speed drifts by
/// tens of per cent over minutes, BenchmarkDotNet's row-after-row runs cannot resolve a 3 % target;
/// a round takes well under a second, so drift cancels in its ratios.
/// Run: <c>dotnet tests/Payload.Benchmarks/bin/Release/net10.0/Payload.Benchmarks.dll --interleaved-hardening [rounds]</c>.
/// </summary>
internal static class InterleavedHardeningRatios
{
    public const string Switch = "--interleaved-hardening";

    private const int WarmUpRounds = 3;

    public static void Run(int rounds, TextWriter output)
    {
        foreach (string model in new[] { "default", "cunet" })
        {
            var benchmarks = new HardeningBenchmarks { Model = model };
            benchmarks.Setup();
            try
            {
                (string Name, Action Run)[] rows =
                [
                    ("Bare", benchmarks.Bare),
                    ("BareOwned", benchmarks.BareOwned),
                    ("Dmr", () => benchmarks.Dmr()),
                    ("Tmr", () => benchmarks.Tmr()),
                    ("BareWithScrubbing", () => benchmarks.BareWithScrubbing()),
                    ("RangeGuarded", () => benchmarks.RangeGuarded()),
                    ("RangeGuardedClipsOnly", benchmarks.RangeGuardedClipsOnly),
                ];
                double[][] cpu = Measure(rows, rounds);
                output.WriteLine($"{model}: {rounds} rounds, process CPU time, median per-round ratio to Bare [interquartile range]");
                for (int r = 0; r < rows.Length; r++)
                {
                    double[] ratios = [.. cpu[r].Select((t, i) => t / cpu[0][i]).Order()];
                    double[] times = [.. cpu[r].Order()];
                    output.WriteLine($"  {rows[r].Name,-22} {Quantile(times, 0.5) / 1e6,9:F2} ms  {Quantile(ratios, 0.5):F3} [{Quantile(ratios, 0.25):F3}, {Quantile(ratios, 0.75):F3}]");
                }
            }
            finally
            {
                benchmarks.Cleanup();
            }
        }
    }

    private static double[][] Measure((string Name, Action Run)[] rows, int rounds)
    {
        double[][] cpu = [.. rows.Select(_ => new double[rounds])];
        for (int round = -WarmUpRounds; round < rounds; round++)
        {
            for (int r = 0; r < rows.Length; r++)
            {
                long start = ProcessCpuClock.Instance.GetTimestamp();
                rows[r].Run();
                long end = ProcessCpuClock.Instance.GetTimestamp();
                if (round >= 0)
                {
                    cpu[r][round] = end - start;
                }
            }
        }

        return cpu;
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
}

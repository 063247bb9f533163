using BenchmarkDotNet.Running;
using Payload.Benchmarks.Inference;

namespace Payload.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*'</c>.
/// Each benchmark class names the baseline its issue compares against.
/// <c>--interleaved-hardening [rounds]</c> measures the hardening rows as interleaved CPU-time ratios instead.
/// </summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == InterleavedHardeningRatios.Switch)
        {
            InterleavedHardeningRatios.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100, Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

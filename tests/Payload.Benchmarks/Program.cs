using BenchmarkDotNet.Running;

namespace Payload.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*'</c>.
/// Each benchmark class names the baseline its issue compares against.
/// </summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

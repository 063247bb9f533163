using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Payload.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time the whole process has used
/// (clock_gettime(CLOCK_PROCESS_CPUTIME_ID), nanoseconds), for ratios a shared virtual machine's
/// wall clock cannot resolve: time the host gives other guests, or other processes on this one,
/// is not counted. Only for in-process jobs whose work runs on threads of this process.
/// </summary>
internal sealed partial class ProcessCpuClock : IClock
{
    public static readonly ProcessCpuClock Instance = new();

    // Linux <time.h>.
    private const int ClockProcessCpuTimeId = 2;

    public string Title => "ProcessCpuTime";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency { get; } = new(1_000_000_000);

    public long GetTimestamp()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out TimeSpec now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed, errno {Marshal.GetLastPInvokeError()}.");
        }

        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

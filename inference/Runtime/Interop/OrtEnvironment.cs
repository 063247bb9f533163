using System.Runtime.InteropServices;
using System.Text;

namespace Payload.Inference.Runtime.Interop;

/// <summary>
/// The process-wide ORT objects every session shares: the <c>OrtEnv</c> (ORT keeps one ref-counted
/// env per process anyway), the CPU memory info that describes our tensor buffers, and ORT's
/// default allocator (which owns the name strings ORT hands out).
/// </summary>
internal static unsafe class OrtEnvironment
{
    private const string LogId = "payload";

    private static readonly Lazy<State> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static OrtEnvHandle Env => Instance.Value.Env;

    public static OrtMemoryInfoHandle CpuMemoryInfo => Instance.Value.CpuMemoryInfo;

    public static nint DefaultAllocator => Instance.Value.DefaultAllocator;

    /// <summary>Copies a string ORT allocated with the default allocator, then frees it with AllocatorFree.</summary>
    public static string TakeString(byte* value)
    {
        string result = Marshal.PtrToStringUTF8((nint)value) ?? "";
        OrtStatus.Check(OrtApi.AllocatorFree(DefaultAllocator, value), nameof(OrtApi.AllocatorFree));
        return result;
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>, for the duration of one native call.</summary>
    public static byte[] Utf8(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static State Create()
    {
        var env = new OrtEnvHandle();
        var memoryInfo = new OrtMemoryInfoHandle();
        nint raw;
        fixed (byte* logId = Utf8(LogId))
        {
            OrtStatus.Check(OrtApi.CreateEnv(OrtApi.ORT_LOGGING_LEVEL_WARNING, logId, &raw), nameof(OrtApi.CreateEnv));
        }

        Marshal.InitHandle(env, raw);
        OrtStatus.Check(OrtApi.CreateCpuMemoryInfo(OrtApi.OrtArenaAllocator, OrtApi.OrtMemTypeDefault, &raw), nameof(OrtApi.CreateCpuMemoryInfo));
        Marshal.InitHandle(memoryInfo, raw);
        OrtStatus.Check(OrtApi.GetAllocatorWithDefaultOptions(&raw), nameof(OrtApi.GetAllocatorWithDefaultOptions));
        return new State(env, memoryInfo, raw);
    }

    private sealed record State(OrtEnvHandle Env, OrtMemoryInfoHandle CpuMemoryInfo, nint DefaultAllocator);
}

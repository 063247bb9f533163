using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Payload.Inference.Runtime.Interop;

/// <summary>The checked layer: turns a non-null <c>OrtStatus*</c> into an <see cref="OnnxRuntimeException"/>.</summary>
internal static unsafe class OrtStatus
{
    /// <summary>Throws when <paramref name="status"/> is not null, naming the C API call that failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(nint status, string call)
    {
        if (status != 0)
        {
            Throw(status, call, context: null);
        }
    }

    /// <summary>As <see cref="Check(nint, string)"/>, with what was being done (a path, a tensor name).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(nint status, string call, string context)
    {
        if (status != 0)
        {
            Throw(status, call, context);
        }
    }

    /// <summary>Copies code and message out of the status, then releases it.</summary>
    public static OnnxRuntimeException ToException(nint status, string call, string? context)
    {
        var code = (OrtErrorCode)OrtApi.GetErrorCode(status);
        // The message belongs to the status: copy it before ReleaseStatus.
        string message = Marshal.PtrToStringUTF8((nint)OrtApi.GetErrorMessage(status)) ?? "";
        OrtApi.ReleaseStatus(status);
        return new OnnxRuntimeException(code, call, context, message);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(nint status, string call, string? context) => throw ToException(status, call, context);
}

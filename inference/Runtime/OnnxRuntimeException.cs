namespace Payload.Inference.Runtime;

/// <summary>
/// A failed ONNX Runtime C API call (a non-null <c>OrtStatus</c>), or an input that Payload refused
/// before calling ONNX Runtime. Carries ORT's error code and message and names the call.
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string call, string? context, string ortMessage)
        : base(Format(errorCode, call, context, ortMessage))
    {
        ErrorCode = errorCode;
        Call = call;
        OrtMessage = ortMessage;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>The C API function that failed (e.g. <c>CreateSession</c>, <c>Run</c>).</summary>
    public string Call { get; }

    /// <summary>ORT's own message, unchanged.</summary>
    public string OrtMessage { get; }

    private static string Format(OrtErrorCode code, string call, string? context, string message) =>
        context is null
            ? $"ONNX Runtime {call} failed ({code}): {message}"
            : $"ONNX Runtime {call} failed for {context} ({code}): {message}";
}

namespace Payload.Inference.Onnx;

/// <summary>A model file or model bytes that cannot be read, or an edit that does not fit the graph.</summary>
public sealed class OnnxModelException : Exception
{
    public OnnxModelException(string message)
        : base(message)
    {
    }

    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

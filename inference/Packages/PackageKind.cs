namespace Payload.Inference.Packages;

/// <summary>What a signed package carries.</summary>
public enum PackageKind
{
    /// <summary>An ONNX model with its manifest and golden vectors.</summary>
    Model,

    /// <summary>A published flight software build for one runtime identifier.</summary>
    Bundle,
}

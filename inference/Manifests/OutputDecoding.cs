namespace Payload.Inference.Manifests;

/// <summary>The manifest's rule for turning the output tensor into a class map.</summary>
public sealed class OutputDecoding
{
    /// <summary>Argmax or threshold.</summary>
    public DecodingKind Kind { get; init; }

    /// <summary>
    /// Argmax: the class axis of the output, 1 for NCHW (<c>[N,C,H,W]</c>) or 3 for NHWC; negative
    /// values count from the end as in ONNX.
    /// </summary>
    public int Axis { get; init; } = 1;

    /// <summary>Threshold: which channel (on axis 1) holds the logit.</summary>
    public int Channel { get; init; }

    /// <summary>Threshold: the value above which a pixel is class 1.</summary>
    public float Threshold { get; init; }
}

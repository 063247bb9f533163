namespace Payload.Inference.Manifests;

/// <summary>How a model's output tensor becomes one class per pixel.</summary>
public enum DecodingKind
{
    /// <summary>The class is the index of the largest value along the class axis; confidence is that value.</summary>
    Argmax,

    /// <summary>
    /// One channel holds a logit: class 1 where it exceeds the threshold, else class 0; confidence is
    /// the logistic sigmoid of the distance from the threshold.
    /// </summary>
    Threshold,
}

namespace Payload.Inference.Packages;

/// <summary>One golden output compared: the tensor, the largest absolute difference found and the tolerance.</summary>
public sealed record GoldenComparison(string Tensor, double MaxError, double Tolerance)
{
    public bool Passed => MaxError <= Tolerance;
}

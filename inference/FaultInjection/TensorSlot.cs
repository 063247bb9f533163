namespace Payload.Inference.FaultInjection;

/// <summary>A tensor that can be hit, its shape at the campaign's tile size, and how many float32 elements it has.</summary>
internal sealed record TensorSlot(string Name, long[] Shape)
{
    public long Elements { get; } = Shape.Aggregate(1L, (n, d) => n * d);
}

namespace Payload.Inference.FaultInjection;

/// <summary>How far one node output strayed from golden in a replay: largest absolute difference, and elements that differ.</summary>
public sealed record LayerDeviation(string Node, string OpType, string Tensor, double MaxAbsDeviation, long ChangedElements, long Elements);

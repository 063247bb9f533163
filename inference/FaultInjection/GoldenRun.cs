namespace Payload.Inference.FaultInjection;

/// <summary>One tile's unharmed run: its input tensor, output, output shape, class map and output hash.</summary>
internal sealed record GoldenRun(float[] Input, float[] Output, long[] OutputShape, byte[] Classes, string Hash);

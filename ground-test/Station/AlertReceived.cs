using Payload.Telemetry.Products;

namespace Payload.GroundTest.Station;

/// <summary>
/// An alert product decoded on the ground. <paramref name="Latency"/> runs from the tile's capture time carried in the
/// product to the moment the ground decoded it (flight and ground share the clock on the bench).
/// </summary>
internal sealed record AlertReceived(DateTimeOffset ReceivedAt, DecodedProduct Product, AlertDetail Detail, TimeSpan Latency);

using Payload.Telemetry.Products;

namespace Payload.GroundTest.Station;

/// <summary>A product decoded on the ground (every kind, alerts included).</summary>
internal sealed record ProductReceived(DateTimeOffset ReceivedAt, DecodedProduct Product);

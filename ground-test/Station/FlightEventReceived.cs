using Payload.Flight.Dictionary;

namespace Payload.GroundTest.Station;

/// <summary>An event packet from the payload; <paramref name="Name"/> is the dictionary name (or EVENT_n when unknown).</summary>
internal sealed record FlightEventReceived(DateTimeOffset ReceivedAt, ushort Id, string Name, EventSeverity Severity, string Text);

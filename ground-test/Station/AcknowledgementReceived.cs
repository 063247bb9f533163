using Payload.Flight.Commanding;

namespace Payload.GroundTest.Station;

/// <summary>A command acknowledgement from the payload; <paramref name="CommandName"/> is the dictionary name of its opcode.</summary>
internal sealed record AcknowledgementReceived(DateTimeOffset ReceivedAt, string CommandName, CommandAcknowledgement Acknowledgement);

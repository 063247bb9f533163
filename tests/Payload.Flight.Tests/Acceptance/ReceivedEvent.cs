namespace Payload.Flight.Tests.Acceptance;

/// <summary>An event packet as the ground decoded it.</summary>
internal sealed record ReceivedEvent(ushort Id, string Text);

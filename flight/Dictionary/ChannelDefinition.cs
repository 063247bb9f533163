namespace Payload.Flight.Dictionary;

/// <summary>A housekeeping channel: its id, name, unit and the limits outside which ground flags it.</summary>
public sealed record ChannelDefinition(ushort Id, string Name, string Unit, double Low, double High, string Description);

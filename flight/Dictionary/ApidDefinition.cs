namespace Payload.Flight.Dictionary;

/// <summary>One application process id on the downlink, the virtual channel it travels on, and what it carries.</summary>
public sealed record ApidDefinition(int Apid, string Name, int VirtualChannel, string Description);

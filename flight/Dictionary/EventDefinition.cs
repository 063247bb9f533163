namespace Payload.Flight.Dictionary;

/// <summary>An event the payload emits: its id, name, severity and text format ({0}, {1}, … are its arguments).</summary>
public sealed record EventDefinition(ushort Id, string Name, EventSeverity Severity, string Format);

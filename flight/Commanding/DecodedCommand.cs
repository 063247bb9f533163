using Payload.Flight.Dictionary;

namespace Payload.Flight.Commanding;

/// <summary>A command read from the uplink: its definition (null when the opcode is unknown), tag and argument values.</summary>
public readonly record struct DecodedCommand(CommandDefinition? Definition, ushort Opcode, ushort Tag, IReadOnlyList<double> Arguments);

namespace Payload.Flight.Dictionary;

/// <summary>A command the payload executes: its opcode, name and arguments.</summary>
public sealed record CommandDefinition(ushort Opcode, string Name, string Description, IReadOnlyList<CommandArgument> Arguments)
{
    public int ArgumentsLength => Arguments.Sum(a => a.Length);
}

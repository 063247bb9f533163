namespace Payload.Flight.Dictionary;

/// <summary>One argument of a command, in wire order.</summary>
public sealed record CommandArgument(string Name, ArgumentType Type, string Description, IReadOnlyList<string>? Values = null)
{
    public int Length => Type switch
    {
        ArgumentType.U8 or ArgumentType.Enum => 1,
        ArgumentType.U16 => 2,
        _ => 4,
    };
}

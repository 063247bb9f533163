namespace Payload.Flight.Dictionary;

/// <summary>Wire type of a command argument; all multi-octet values are big-endian.</summary>
public enum ArgumentType
{
    U8,
    U16,
    U32,
    F32,

    /// <summary>One octet holding the index of one of the argument's named values.</summary>
    Enum,
}

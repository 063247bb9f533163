using System.Buffers.Binary;
using System.Globalization;
using Payload.Flight.Dictionary;

namespace Payload.Flight.Commanding;

/// <summary>
/// The command wire format inside a TC frame's user data: opcode u16, tag u16, then the arguments in dictionary order,
/// big-endian. The ground encodes from the exported dictionary; the payload decodes with the same definitions.
/// </summary>
public static class CommandCodec
{
    public const int HeaderLength = 4;

    /// <summary>Encodes <paramref name="command"/> with its arguments given as text (enum arguments by name or index).</summary>
    public static byte[] Encode(CommandDefinition command, ushort tag, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (arguments.Count != command.Arguments.Count)
        {
            throw new ArgumentException(
                $"{command.Name} takes {command.Arguments.Count} argument(s) ({string.Join(", ", command.Arguments.Select(a => $"{a.Name}:{a.Type}"))}), got {arguments.Count}",
                nameof(arguments));
        }
        var data = new byte[HeaderLength + command.ArgumentsLength];
        BinaryPrimitives.WriteUInt16BigEndian(data, command.Opcode);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), tag);
        int at = HeaderLength;
        for (int i = 0; i < arguments.Count; i++)
        {
            CommandArgument argument = command.Arguments[i];
            WriteArgument(command, argument, arguments[i], data.AsSpan(at));
            at += argument.Length;
        }
        return data;
    }

    /// <summary>Decodes a command; on failure <paramref name="error"/> says what is wrong and the opcode/tag are still set when readable.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, IReadOnlyList<CommandDefinition> commands, out DecodedCommand command, out string error)
    {
        command = default;
        if (data.Length < HeaderLength)
        {
            error = $"command is {data.Length} octets, the opcode and tag need {HeaderLength}";
            return false;
        }
        ushort opcode = BinaryPrimitives.ReadUInt16BigEndian(data);
        ushort tag = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        command = new DecodedCommand(null, opcode, tag, []);
        CommandDefinition? definition = null;
        foreach (CommandDefinition candidate in commands)
        {
            if (candidate.Opcode == opcode)
            {
                definition = candidate;
                break;
            }
        }
        if (definition is null)
        {
            error = $"unknown opcode 0x{opcode:X4}";
            return false;
        }
        if (data.Length != HeaderLength + definition.ArgumentsLength)
        {
            error = $"{definition.Name} arguments are {data.Length - HeaderLength} octets, expected {definition.ArgumentsLength}";
            return false;
        }
        var values = new double[definition.Arguments.Count];
        int at = HeaderLength;
        for (int i = 0; i < values.Length; i++)
        {
            CommandArgument argument = definition.Arguments[i];
            ReadOnlySpan<byte> field = data[at..];
            // Typed as double in every arm: a switch whose arms mix uint and float would round a U32 through float.
            values[i] = argument.Type switch
            {
                ArgumentType.U8 or ArgumentType.Enum => (double)field[0],
                ArgumentType.U16 => (double)BinaryPrimitives.ReadUInt16BigEndian(field),
                ArgumentType.U32 => (double)BinaryPrimitives.ReadUInt32BigEndian(field),
                _ => (double)BinaryPrimitives.ReadSingleBigEndian(field),
            };
            if (argument.Type == ArgumentType.Enum && values[i] >= argument.Values!.Count)
            {
                error = $"{definition.Name} argument {argument.Name} is {values[i]}, expected 0..{argument.Values.Count - 1} ({string.Join(", ", argument.Values)})";
                return false;
            }
            if (argument.Type == ArgumentType.F32 && !float.IsFinite((float)values[i]))
            {
                error = $"{definition.Name} argument {argument.Name} is {values[i]}, expected a finite number";
                return false;
            }
            at += argument.Length;
        }
        command = new DecodedCommand(definition, opcode, tag, values);
        error = "";
        return true;
    }

    private static void WriteArgument(CommandDefinition command, CommandArgument argument, string text, Span<byte> destination)
    {
        string where = $"{command.Name} argument {argument.Name} ({argument.Type})";
        switch (argument.Type)
        {
            case ArgumentType.Enum:
                IReadOnlyList<string> values = argument.Values ?? [];
                int index = values.ToList().FindIndex(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
                if (index < 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) || index >= values.Count))
                {
                    throw new ArgumentException($"{where} is '{text}', expected one of {string.Join(", ", values)}");
                }
                destination[0] = (byte)index;
                break;
            case ArgumentType.U8:
                destination[0] = byte.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out byte u8) ? u8 : throw Invalid(where, text, "0..255");
                break;
            case ArgumentType.U16:
                BinaryPrimitives.WriteUInt16BigEndian(destination, ushort.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ushort u16) ? u16 : throw Invalid(where, text, "0..65535"));
                break;
            case ArgumentType.U32:
                BinaryPrimitives.WriteUInt32BigEndian(destination, uint.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out uint u32) ? u32 : throw Invalid(where, text, "0..4294967295"));
                break;
            default:
                BinaryPrimitives.WriteSingleBigEndian(destination,
                    float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f) ? f : throw Invalid(where, text, "a finite number"));
                break;
        }
    }

    private static ArgumentException Invalid(string where, string text, string expected) => new($"{where} is '{text}', expected {expected}");
}

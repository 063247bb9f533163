using System.Buffers.Binary;

namespace Payload.Hal.Simulation;

/// <summary>
/// A chip with 16-bit big-endian registers behind an 8-bit pointer register, the scheme INA226 and TMP117
/// share: a write of one byte sets the pointer, a write of three bytes sets pointer and register, a read
/// returns the register the pointer selects. Registers can be stuck at a value (a fault knob).
/// </summary>
public abstract class RegisterFileTarget : SimulatedI2cTarget
{
    private readonly Dictionary<byte, ushort> _stuck = [];
    private byte _pointer;

    /// <summary>Makes every read of <paramref name="register"/> return <paramref name="value"/> until <see cref="Unstick"/>.</summary>
    public void Stick(byte register, ushort value) => _stuck[register] = value;

    /// <summary>Releases a stuck register.</summary>
    public void Unstick(byte register) => _stuck.Remove(register);

    /// <summary>The value the chip returns for <paramref name="register"/>.</summary>
    protected abstract ushort ReadRegister(byte register);

    /// <summary>Stores a value written by the controller.</summary>
    protected abstract void WriteRegister(byte register, ushort value);

    /// <inheritdoc />
    protected internal override void OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _pointer = data[0];
        if (data.Length >= 3)
        {
            WriteRegister(_pointer, BinaryPrimitives.ReadUInt16BigEndian(data[1..]));
        }
    }

    /// <inheritdoc />
    protected internal override void OnRead(Span<byte> buffer)
    {
        ushort value = _stuck.TryGetValue(_pointer, out ushort stuck) ? stuck : ReadRegister(_pointer);
        Span<byte> word = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(word, value);
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = word[i % 2];
        }
    }
}

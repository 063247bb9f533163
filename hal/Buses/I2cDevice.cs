namespace Payload.Hal.Buses;

/// <summary>One target on an I2C bus: what a chip driver takes in its constructor.</summary>
public sealed class I2cDevice
{
    /// <summary>Binds <paramref name="address"/> on <paramref name="bus"/>; the address must be a usable 7-bit address.</summary>
    public I2cDevice(II2cBus bus, int address)
    {
        ArgumentNullException.ThrowIfNull(bus);
        I2cAddress.Validate(bus.Name, address);
        Bus = bus;
        Address = address;
    }

    /// <summary>The bus the target sits on.</summary>
    public II2cBus Bus { get; }

    /// <summary>The 7-bit target address.</summary>
    public int Address { get; }

    /// <summary>Writes <paramref name="data"/> in one transaction.</summary>
    public void Write(ReadOnlySpan<byte> data) => Bus.Write(Address, data);

    /// <summary>Reads into <paramref name="buffer"/> in one transaction.</summary>
    public void Read(Span<byte> buffer) => Bus.Read(Address, buffer);

    /// <summary>Writes then reads in one combined transaction (repeated START).</summary>
    public void WriteRead(ReadOnlySpan<byte> write, Span<byte> read) => Bus.WriteRead(Address, write, read);

    /// <inheritdoc />
    public override string ToString() => $"{Bus.Name}@0x{Address:X2}";
}

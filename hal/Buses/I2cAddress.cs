namespace Payload.Hal.Buses;

/// <summary>Limits of 7-bit I2C addressing (I2C-bus specification UM10204 §3.1.12, reserved addresses).</summary>
public static class I2cAddress
{
    /// <summary>Lowest address a target may use; 0x00–0x07 are reserved (general call, CBUS, HS-mode).</summary>
    public const int First = 0x08;

    /// <summary>Highest address a target may use; 0x78–0x7F are reserved (10-bit addressing, device ID).</summary>
    public const int Last = 0x77;

    /// <summary>Whether <paramref name="address"/> is a usable 7-bit target address.</summary>
    public static bool IsValid(int address) => address is >= First and <= Last;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bus and the address when it is not usable.</summary>
    public static void Validate(string bus, int address)
    {
        if (!IsValid(address))
        {
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"I2C address 0x{address:X2} on {bus} is outside 0x{First:X2}..0x{Last:X2}.");
        }
    }
}

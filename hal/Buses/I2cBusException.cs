namespace Payload.Hal.Buses;

/// <summary>An I2C transaction failed: the message names the bus, the target address and the operation.</summary>
public sealed class I2cBusException : IOException
{
    /// <summary>Creates the exception; the message is built from the parts so every failure reads alike.</summary>
    public I2cBusException(string bus, int address, string operation, string reason, Exception? inner = null)
        : base($"I2C {operation} to 0x{address:X2} on {bus} failed: {reason}", inner)
    {
        Bus = bus;
        Address = address;
        Operation = operation;
    }

    /// <summary>The bus name (device path or simulated bus name).</summary>
    public string Bus { get; }

    /// <summary>The 7-bit target address.</summary>
    public int Address { get; }

    /// <summary>The operation: write, read or write-read.</summary>
    public string Operation { get; }
}

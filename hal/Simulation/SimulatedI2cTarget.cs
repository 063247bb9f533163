namespace Payload.Hal.Simulation;

/// <summary>A chip model on a simulated I2C bus: sees exactly the bytes a real chip would.</summary>
public abstract class SimulatedI2cTarget
{
    /// <summary>The rail feeding the chip; an unpowered chip does not acknowledge. Null means always powered.</summary>
    public SimulatedRail? Supply { get; set; }

    /// <summary>A write transaction's bytes.</summary>
    protected internal abstract void OnWrite(ReadOnlySpan<byte> data);

    /// <summary>Fills a read transaction's bytes.</summary>
    protected internal abstract void OnRead(Span<byte> buffer);

    /// <summary>The board was reset: registers go back to their power-on values.</summary>
    protected internal abstract void PowerOnReset();
}

namespace Payload.Hal.Simulation;

/// <summary>Fault a tester can inject on one target of a simulated I2C bus.</summary>
public enum SimulatedI2cFault
{
    /// <summary>The target answers normally.</summary>
    None,

    /// <summary>The target does not acknowledge its address: every transaction throws, reason "NACK".</summary>
    Nack,

    /// <summary>The target holds SCL low: every transaction throws, reason "bus timeout".</summary>
    Timeout,

    /// <summary>Bytes read back have their last byte inverted (a noise-corrupted transfer that still completes).</summary>
    CorruptBytes,
}

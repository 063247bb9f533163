namespace Payload.Hal.Imaging;

/// <summary>Element types the <c>.npy</c> reader and writer support (all little-endian).</summary>
public enum NpyDataType
{
    /// <summary><c>&lt;f4</c>, IEEE 754 binary32.</summary>
    Float32,

    /// <summary><c>&lt;f2</c>, IEEE 754 binary16.</summary>
    Float16,

    /// <summary><c>|u1</c>.</summary>
    UInt8,

    /// <summary><c>&lt;u2</c>.</summary>
    UInt16,

    /// <summary><c>&lt;i4</c>.</summary>
    Int32,

    /// <summary><c>&lt;i8</c>.</summary>
    Int64,
}

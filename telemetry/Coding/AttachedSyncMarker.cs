using System.Buffers.Binary;

namespace Payload.Telemetry.Coding;

/// <summary>The 32-bit Attached Sync Marker that precedes every codeblock of a CADU (CCSDS 131.0-B §9.3).</summary>
public static class AttachedSyncMarker
{
    /// <summary>The marker for uncoded and Reed-Solomon coded transfer frames (131.0-B §9.3), sent MSB first.</summary>
    public const uint Value = 0x1ACFFC1D;

    /// <summary>Length of the marker in bytes.</summary>
    public const int Length = sizeof(uint);

    /// <summary>Length of the marker in bits.</summary>
    public const int LengthInBits = Length * 8;

    /// <summary>Writes the marker, most significant byte first, into the first four bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);
}

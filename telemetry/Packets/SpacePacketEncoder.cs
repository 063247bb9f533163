using System.Buffers;

namespace Payload.Telemetry.Packets;

/// <summary>
/// Builds telemetry space packets (CCSDS 133.0-B-2) and keeps the 14-bit sequence count of every APID.
/// When a time format is given, every packet carries a secondary header holding a CUC time code.
/// Not thread-safe: one encoder per producing stage.
/// </summary>
public sealed class SpacePacketEncoder
{
    /// <summary>Sequence counts wrap modulo this (see <see cref="SpacePacketLayout.SequenceCountModulus"/>).</summary>
    public const int SequenceCountModulus = SpacePacketLayout.SequenceCountModulus;

    private readonly ushort[] _nextSequenceCount = new ushort[SpacePacketLayout.MaxApid + 1];

    /// <summary>Creates an encoder; <paramref name="secondaryHeaderTime"/> null means no secondary header.</summary>
    public SpacePacketEncoder(CucTimeFormat? secondaryHeaderTime = null)
    {
        SecondaryHeaderTime = secondaryHeaderTime;
    }

    /// <summary>Format of the CUC time code in the secondary header, or null without one.</summary>
    public CucTimeFormat? SecondaryHeaderTime { get; }

    private int SecondaryHeaderLength => SecondaryHeaderTime?.Length ?? 0;

    /// <summary>The sequence count the next packet of <paramref name="apid"/> will carry.</summary>
    public int NextSequenceCount(int apid)
    {
        CheckApid(apid);
        return _nextSequenceCount[apid];
    }

    /// <summary>Makes the next packet of <paramref name="apid"/> carry <paramref name="count"/>, e.g. to continue after a restart.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The APID is reserved or out of range, or the count is not a 14-bit value.</exception>
    public void SetNextSequenceCount(int apid, int count)
    {
        CheckApid(apid);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(count, SpacePacketLayout.SequenceCountModulus);
        _nextSequenceCount[apid] = (ushort)count;
    }

    /// <summary>Packet length for <paramref name="userDataLength"/> octets of user data.</summary>
    public int PacketLength(int userDataLength) => SpacePacketLayout.PrimaryHeaderLength + SecondaryHeaderLength + userDataLength;

    /// <summary>
    /// Writes one packet of <paramref name="apid"/> into <paramref name="destination"/> and advances that
    /// APID's sequence count. Returns the packet length.
    /// </summary>
    /// <exception cref="ArgumentException">APID reserved or out of range, data too long or empty, destination too short.</exception>
    public int Encode(int apid, ReadOnlySpan<byte> userData, Span<byte> destination, CucTime time = default, SequenceFlags flags = SequenceFlags.Unsegmented)
    {
        CheckApid(apid);
        int dataFieldLength = SecondaryHeaderLength + userData.Length;
        if (dataFieldLength < SpacePacketLayout.MinDataFieldLength || dataFieldLength > SpacePacketLayout.MaxDataFieldLength)
        {
            throw new ArgumentException($"Packet data field would be {dataFieldLength} octets; it must be {SpacePacketLayout.MinDataFieldLength}..{SpacePacketLayout.MaxDataFieldLength}.", nameof(userData));
        }

        int length = SpacePacketLayout.PrimaryHeaderLength + dataFieldLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} octets; the packet needs {length}.", nameof(destination));
        }

        int count = _nextSequenceCount[apid];
        new SpacePacketHeader(PacketType.Telemetry, SecondaryHeaderTime is not null, apid, flags, count, dataFieldLength).WriteTo(destination);
        int at = SpacePacketLayout.PrimaryHeaderLength;
        if (SecondaryHeaderTime is not null)
        {
            at += SecondaryHeaderTime.Write(time, destination[at..]);
        }

        userData.CopyTo(destination[at..]);
        _nextSequenceCount[apid] = (ushort)((count + 1) % SpacePacketLayout.SequenceCountModulus);
        return length;
    }

    /// <summary>
    /// Splits a product into packets no longer than <paramref name="maxPacketLength"/> and writes them
    /// to <paramref name="output"/>: one unsegmented packet when it fits, otherwise first, continuation
    /// and last segments (CCSDS 133.0-B-2 §4.1.3.4.2). Returns the number of packets written.
    /// </summary>
    public int EncodeProduct(int apid, ReadOnlySpan<byte> product, int maxPacketLength, IBufferWriter<byte> output, CucTime time = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        int maxUserData = Math.Min(maxPacketLength - PacketLength(0), SpacePacketLayout.MaxDataFieldLength - SecondaryHeaderLength);
        if (maxUserData < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPacketLength), maxPacketLength, $"A packet of at most {maxPacketLength} octets has no room for user data after {PacketLength(0)} header octets.");
        }

        if (product.Length <= maxUserData)
        {
            int length = Encode(apid, product, output.GetSpan(PacketLength(product.Length)), time);
            output.Advance(length);
            return 1;
        }

        int packets = 0;
        for (int offset = 0; offset < product.Length; offset += maxUserData)
        {
            int take = Math.Min(maxUserData, product.Length - offset);
            SequenceFlags flags = offset == 0 ? SequenceFlags.First
                : offset + take == product.Length ? SequenceFlags.Last
                : SequenceFlags.Continuation;
            int length = Encode(apid, product.Slice(offset, take), output.GetSpan(PacketLength(take)), time, flags);
            output.Advance(length);
            packets++;
        }

        return packets;
    }

    /// <summary>
    /// Fills all of <paramref name="destination"/> (at least 7 octets) with one idle packet (APID 0x7FF,
    /// CCSDS 133.0-B-2 §4.1.3.3.4.4). Idle packets carry sequence count 0; receivers discard them.
    /// </summary>
    public static void WriteIdlePacket(Span<byte> destination)
    {
        int dataFieldLength = destination.Length - SpacePacketLayout.PrimaryHeaderLength;
        new SpacePacketHeader(PacketType.Telemetry, false, SpacePacketLayout.IdleApid, SequenceFlags.Unsegmented, 0, dataFieldLength).WriteTo(destination);
        destination[SpacePacketLayout.PrimaryHeaderLength..].Fill(SpacePacketLayout.IdleFill);
    }

    private static void CheckApid(int apid)
    {
        if ((uint)apid >= SpacePacketLayout.IdleApid)
        {
            throw new ArgumentOutOfRangeException(nameof(apid), apid, $"APID must be 0..{SpacePacketLayout.IdleApid - 1}; {SpacePacketLayout.IdleApid} is reserved for idle packets.");
        }
    }
}

namespace Payload.Telemetry.Packets;

/// <summary>User data of one product put back together from its packets on the ground.</summary>
/// <param name="Apid">Application process that sent it.</param>
/// <param name="FirstSequenceCount">Sequence count of its first (or only) packet.</param>
/// <param name="PacketCount">Number of packets it came in.</param>
/// <param name="SecondaryHeader">Secondary header octets of the first packet (empty without one).</param>
/// <param name="Data">The user data, secondary headers removed, segments concatenated.</param>
public sealed record ReassembledProduct(int Apid, int FirstSequenceCount, int PacketCount, ReadOnlyMemory<byte> SecondaryHeader, ReadOnlyMemory<byte> Data);

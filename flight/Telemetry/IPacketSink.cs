using Payload.Flight.Dictionary;

namespace Payload.Flight.Telemetry;

/// <summary>Where the executive's packets go: the TM downlink in flight, a recorder in tests.</summary>
internal interface IPacketSink
{
    /// <summary>Sends one packet's user data on <paramref name="apid"/>; returns false when the downlink queue is full.</summary>
    bool Send(ApidDefinition apid, ReadOnlySpan<byte> userData);

    /// <summary>Sends one downlink product on <paramref name="apid"/>, segmented into packets when it is long.</summary>
    bool SendProduct(ApidDefinition apid, ReadOnlySpan<byte> product);

    /// <summary>Octets waiting to be framed on the virtual channel of <paramref name="apid"/>.</summary>
    long PendingOctets(ApidDefinition apid);

    /// <summary>The 14-bit sequence count the next packet of <paramref name="apid"/> will carry.</summary>
    int NextSequenceCount(ApidDefinition apid);

    /// <summary>Continues <paramref name="apid"/>'s sequence count at <paramref name="count"/> (after a restart from a checkpoint).</summary>
    void ContinueSequenceCount(ApidDefinition apid, int count);
}

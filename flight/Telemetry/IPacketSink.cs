using Payload.Flight.Dictionary;

namespace Payload.Flight.Telemetry;

/// <summary>Where the executive's packets go: the TM downlink in flight, a recorder in tests.</summary>
internal interface IPacketSink
{
    /// <summary>Sends one packet's user data on <paramref name="apid"/>; returns false when the downlink queue is full.</summary>
    bool Send(ApidDefinition apid, ReadOnlySpan<byte> userData);

    /// <summary>Sends one downlink product on <paramref name="apid"/>, segmented into packets when it is long.</summary>
    bool SendProduct(ApidDefinition apid, ReadOnlySpan<byte> product);
}

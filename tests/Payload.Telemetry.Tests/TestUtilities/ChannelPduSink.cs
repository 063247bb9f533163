using Payload.Telemetry.Cfdp;

namespace Payload.Telemetry.Tests.TestUtilities;

/// <summary>Puts CFDP PDUs on a <see cref="LossyChannel"/>, optionally rewriting them first.</summary>
internal sealed class ChannelPduSink(LossyChannel channel) : ICfdpPduSink
{
    public Func<byte[], byte[]>? Rewrite { get; set; }

    public void Send(ReadOnlySpan<byte> pdu) => channel.Send(Rewrite is null ? pdu : Rewrite(pdu.ToArray()));
}

namespace Payload.Telemetry.Cfdp;

/// <summary>Where a <see cref="CfdpEntity"/> sends its PDUs: a space packet stream, a socket, a test channel.</summary>
public interface ICfdpPduSink
{
    void Send(ReadOnlySpan<byte> pdu);
}

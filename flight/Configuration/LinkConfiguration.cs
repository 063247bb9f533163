namespace Payload.Flight.Configuration;

/// <summary>
/// One link end. Downlink: file path written, UDP datagrams sent to Host:Port, TCP connection accepted on Host:Port,
/// or serial device path. Uplink: UDP or TCP listened on at Host:Port, a file read once, or a serial device path.
/// </summary>
public sealed record LinkConfiguration(LinkKind Kind, string? Host = null, int Port = 0, string? Path = null)
{
    public override string ToString() => Kind switch
    {
        LinkKind.Udp => $"udp://{Host}:{Port}",
        LinkKind.Tcp => $"tcp://{Host}:{Port}",
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Path}",
    };
}

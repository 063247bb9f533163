using Payload.Hal.Buses;

namespace Payload.Flight.Configuration;

/// <summary>
/// One link end. Downlink: file path written, UDP datagrams sent to Host:Port, TCP connection accepted on Host:Port,
/// or serial device path. Uplink: UDP or TCP listened on at Host:Port, a file read once, or a serial device path.
/// A serial link's <see cref="Line"/> settings (baud, parity, stop bits) are applied to the tty when it is opened.
/// A downlink's <see cref="BitsPerSecond"/> caps the CADU rate (0: as fast as the link takes them).
/// </summary>
public sealed record LinkConfiguration(LinkKind Kind, string? Host = null, int Port = 0, string? Path = null, UartSettings? Line = null, long BitsPerSecond = 0)
{
    public override string ToString() => BitsPerSecond > 0 ? $"{Endpoint()} at {BitsPerSecond} bit/s" : Endpoint();

    private string Endpoint() => Kind switch
    {
        LinkKind.Udp => $"udp://{Host}:{Port}",
        LinkKind.Tcp => $"tcp://{Host}:{Port}",
        LinkKind.Serial => $"serial:{Path} {(Line ?? new UartSettings()).BaudRate} baud",
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Path}",
    };
}

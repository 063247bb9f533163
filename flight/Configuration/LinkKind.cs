namespace Payload.Flight.Configuration;

/// <summary>How a link reaches the ground: a file, a UDP or TCP socket, or a serial device.</summary>
public enum LinkKind
{
    File,
    Udp,
    Tcp,
    Serial,
}

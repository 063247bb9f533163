using System.Net;
using System.Net.Sockets;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Station;

/// <summary>
/// The ground end of the uplink: wraps each TC frame FOP-1 hands over in a CLTU and sends it to the payload, one UDP
/// datagram per CLTU or written to a TCP connection (re-opened on the next frame after the payload dropped it).
/// </summary>
internal sealed class CltuTransmitter : ITcFrameSink, IDisposable
{
    private readonly CltuEncoder encoder = new();
    private readonly IPEndPoint destination;
    private readonly bool stream;
    private readonly Socket? datagrams;
    private TcpClient? connection;
    private byte[] cltu = new byte[256];

    private CltuTransmitter(IPEndPoint destination, bool stream)
    {
        this.destination = destination;
        this.stream = stream;
        if (!stream)
        {
            datagrams = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
    }

    /// <summary>CLTUs sent (new frames, retransmissions and control frames).</summary>
    public long Sent { get; private set; }

    /// <summary>CLTUs that could not be sent (TCP connection refused or broken).</summary>
    public long Failed { get; private set; }

    /// <summary>Opens <paramref name="address"/>: <c>udp://HOST:PORT</c> or <c>tcp://HOST:PORT</c> with an IP host.</summary>
    public static CltuTransmitter Open(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("udp" or "tcp") || uri.Port <= 0
            || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? host))
        {
            throw new FormatException($"uplink address '{address}' is not udp://HOST:PORT or tcp://HOST:PORT with an IP address");
        }

        return new CltuTransmitter(new IPEndPoint(host, uri.Port), uri.Scheme == "tcp");
    }

    public void Transmit(ReadOnlySpan<byte> frame)
    {
        int length = CltuEncoder.GetCltuLength(frame.Length);
        if (cltu.Length < length)
        {
            cltu = new byte[length];
        }

        encoder.Encode(frame, cltu);
        SendCltu(cltu.AsSpan(0, length));
    }

    /// <summary>Sends a CLTU that is already encoded (a CFDP PDU's from <c>CommandCltuEncoder</c>).</summary>
    public void SendCltu(ReadOnlySpan<byte> encoded)
    {
        try
        {
            if (datagrams is not null)
            {
                datagrams.SendTo(encoded, SocketFlags.None, destination);
            }
            else
            {
                WriteToStream(encoded);
            }

            Sent++;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // The payload is down or restarting: FOP-1's timer (or CFDP's) sends again once it is back.
            Failed++;
            connection?.Dispose();
            connection = null;
        }
    }

    private void WriteToStream(ReadOnlySpan<byte> bytes)
    {
        if (connection is null)
        {
            var client = new TcpClient(destination.AddressFamily) { NoDelay = stream };
            try
            {
                client.Connect(destination);
            }
            catch (SocketException)
            {
                client.Dispose();
                throw;
            }

            connection = client;
        }

        connection.GetStream().Write(bytes);
    }

    public void Dispose()
    {
        datagrams?.Dispose();
        connection?.Dispose();
    }
}

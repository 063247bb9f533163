using System.Net;
using System.Net.Sockets;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Station;

/// <summary>
/// The ground end of the uplink: wraps each TC frame FOP-1 hands over in a CLTU and sends it to the payload, one UDP
/// datagram per CLTU, or written to a TCP connection (re-opened on the next frame after the payload dropped it) or to
/// a serial device (a byte stream the payload cuts at the CLTU start sequence). <see cref="GroundLink"/> opens it.
/// </summary>
internal sealed class CltuTransmitter : ITcFrameSink, IDisposable
{
    private readonly CltuEncoder encoder = new();
    private readonly object gate = new();
    private readonly IPEndPoint? destination;
    private readonly Socket? datagrams;
    private readonly Stream? device;
    private TcpClient? connection;
    private byte[] cltu = new byte[256];

    private CltuTransmitter(IPEndPoint? destination, bool stream, Stream? device)
    {
        this.destination = destination;
        this.device = device;
        if (destination is not null && !stream)
        {
            datagrams = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
    }

    /// <summary>CLTUs sent (new frames, retransmissions and control frames).</summary>
    public long Sent { get; private set; }

    /// <summary>CLTUs that could not be sent (TCP connection refused or broken, serial write failed).</summary>
    public long Failed { get; private set; }

    /// <summary>Sends to <paramref name="destination"/>: one datagram per CLTU, or over a TCP connection when <paramref name="stream"/>.</summary>
    public static CltuTransmitter ToSocket(IPEndPoint destination, bool stream) => new(destination, stream, null);

    /// <summary>Writes CLTUs to an open serial device; the caller owns <paramref name="device"/>.</summary>
    public static CltuTransmitter ToDevice(Stream device) => new(null, stream: true, device);

    public void Transmit(ReadOnlySpan<byte> frame)
    {
        lock (gate)
        {
            int length = CltuEncoder.GetCltuLength(frame.Length);
            if (cltu.Length < length)
            {
                cltu = new byte[length];
            }

            encoder.Encode(frame, cltu);
            SendCltu(cltu.AsSpan(0, length));
        }
    }

    /// <summary>Sends a CLTU that is already encoded (a CFDP PDU's or a Type-BD command's from <c>CommandCltuEncoder</c>); false when it could not be sent.</summary>
    public bool SendCltu(ReadOnlySpan<byte> encoded)
    {
        lock (gate)
        {
            try
            {
                if (datagrams is not null)
                {
                    datagrams.SendTo(encoded, SocketFlags.None, destination!);
                }
                else if (device is not null)
                {
                    device.Write(encoded);
                }
                else
                {
                    WriteToConnection(encoded);
                }

                Sent++;
                return true;
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                // The payload is down or restarting: FOP-1's timer (or CFDP's) sends again once it is back.
                Failed++;
                connection?.Dispose();
                connection = null;
                return false;
            }
        }
    }

    private void WriteToConnection(ReadOnlySpan<byte> bytes)
    {
        if (connection is null)
        {
            var client = new TcpClient(destination!.AddressFamily) { NoDelay = true };
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
        lock (gate)
        {
            datagrams?.Dispose();
            connection?.Dispose();
        }
    }
}

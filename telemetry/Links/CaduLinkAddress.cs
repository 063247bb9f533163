using System.Globalization;
using System.Net;

namespace Payload.Telemetry.Links;

/// <summary>
/// Opens a CADU source from the address an operator types: a file path, <c>udp://HOST:PORT</c>
/// (listen there) or <c>tcp://HOST:PORT</c> (connect there).
/// </summary>
public static class CaduLinkAddress
{
    /// <summary>Opens the source <paramref name="address"/> names.</summary>
    /// <exception cref="FormatException">A udp:// or tcp:// address without a valid host and port.</exception>
    /// <exception cref="FileNotFoundException">A file that does not exist.</exception>
    public static async Task<ICaduSource> OpenSourceAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith("udp://", StringComparison.OrdinalIgnoreCase))
        {
            (string host, int port) = HostAndPort(address);
            IPAddress ip = IPAddress.TryParse(host, out IPAddress? parsed) ? parsed
                : (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false))[0];
            return new UdpCaduSource(new IPEndPoint(ip, port));
        }

        if (address.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            (string host, int port) = HostAndPort(address);
            return await TcpCaduLink.ConnectSourceAsync(host, port, cancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(address))
        {
            throw new FileNotFoundException($"CADU file {address} does not exist.", address);
        }

        return StreamCaduSource.OpenFile(address);
    }

    private static (string Host, int Port) HostAndPort(string address)
    {
        string rest = address[6..];
        int colon = rest.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            throw new FormatException($"Link address '{address}' needs HOST:PORT with a port of 1..65535.");
        }

        return (rest[..colon].Trim('[', ']'), port);
    }
}

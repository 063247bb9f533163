using System.Globalization;
using System.Net;
using Payload.Flight.Configuration;
using Payload.Hal.Buses;
using Payload.Hal.Linux;

namespace Payload.GroundTest.Station;

/// <summary>
/// The link addresses an operator types for the ground's end of a link (<c>run --rig/--uplink</c>, <c>--to</c>,
/// <c>--ack</c>), read into the flight's own <see cref="LinkConfiguration"/>:
/// <c>udp://HOST:PORT</c>, <c>tcp://HOST:PORT</c>, or a serial device <c>serial:PATH[?baud=N&amp;parity=none|even|odd&amp;stopBits=1|2]</c>
/// (a path under <c>/dev/</c> needs no <c>serial:</c>). The line settings have the flight configuration's names and defaults
/// (115200 baud, no parity, one stop bit). HOST is an IP address or a name DNS resolves when the link opens. On the
/// ground a UDP downlink is listened on, a TCP one connected to.
/// </summary>
internal static class GroundLinkAddress
{
    /// <summary>What <see cref="Parse"/> accepts, for messages and help texts.</summary>
    public const string Forms = "udp://HOST:PORT, tcp://HOST:PORT or serial:DEVICE[?baud=N] (a /dev/ path alone names a serial device)";

    private const string SerialScheme = "serial:";

    /// <exception cref="FormatException">The text is none of <see cref="Forms"/>, or a line setting is out of range.</exception>
    public static LinkConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith(SerialScheme, StringComparison.Ordinal))
        {
            return Serial(text, text[SerialScheme.Length..]);
        }

        if (text.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return Serial(text, text);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("udp" or "tcp") || uri.Port <= 0 || uri.Host.Length == 0
            || uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6 or UriHostNameType.Dns) || uri.AbsolutePath.Length > 1
            || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new FormatException($"link address '{text}' is not {Forms}");
        }

        return new LinkConfiguration(uri.Scheme == "tcp" ? LinkKind.Tcp : LinkKind.Udp, uri.Host.Trim('[', ']'), uri.Port);
    }

    /// <summary>
    /// A CADU source for <c>decode</c>: any of <see cref="Forms"/>, or else the path of a CADU file.
    /// </summary>
    /// <exception cref="FormatException">A link address that <see cref="Parse"/> refuses.</exception>
    public static LinkConfiguration ParseSource(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool isLink = text.StartsWith(SerialScheme, StringComparison.Ordinal) || text.StartsWith("/dev/", StringComparison.Ordinal)
            || text.Contains("://", StringComparison.Ordinal);
        return isLink ? Parse(text) : new LinkConfiguration(LinkKind.File, Path: text);
    }

    /// <summary>The address of a UDP or TCP link's host: itself when it is an IP address, else the first one DNS gives.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    public static IPEndPoint EndPoint(LinkConfiguration link)
    {
        ArgumentNullException.ThrowIfNull(link);
        IPAddress address = IPAddress.TryParse(link.Host, out IPAddress? parsed) ? parsed : Dns.GetHostAddresses(link.Host!)[0];
        return new IPEndPoint(address, link.Port);
    }

    /// <summary>The address of <paramref name="link"/> in the form <see cref="Parse"/> reads back.</summary>
    public static string Format(LinkConfiguration link) => link.Kind switch
    {
        LinkKind.Udp or LinkKind.Tcp => string.Create(CultureInfo.InvariantCulture,
            $"{link.Kind.ToString().ToLowerInvariant()}://{(link.Host!.Contains(':', StringComparison.Ordinal) ? $"[{link.Host}]" : link.Host)}:{link.Port}"),
        LinkKind.File => link.Path!,
        LinkKind.Serial => string.Create(CultureInfo.InvariantCulture,
            $"{SerialScheme}{link.Path}?baud={Line(link).BaudRate}&parity={Line(link).Parity.ToString().ToLowerInvariant()}&stopBits={(int)Line(link).StopBits}"),
        _ => throw new ArgumentException($"a {link.Kind} link has no ground address", nameof(link)),
    };

    private static UartSettings Line(LinkConfiguration link) => link.Line ?? new UartSettings();

    private static LinkConfiguration Serial(string text, string rest)
    {
        int query = rest.IndexOf('?', StringComparison.Ordinal);
        string path = query < 0 ? rest : rest[..query];
        if (path.Length == 0)
        {
            throw new FormatException($"link address '{text}' names no serial device; expected {Forms}");
        }

        var line = new UartSettings();
        if (query >= 0)
        {
            foreach (string setting in rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                line = Apply(text, line, setting);
            }
        }

        return new LinkConfiguration(LinkKind.Serial, Path: path, Line: line);
    }

    private static UartSettings Apply(string text, UartSettings line, string setting)
    {
        int equals = setting.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? setting : setting[..equals];
        string value = equals < 0 ? "" : setting[(equals + 1)..];
        switch (name)
        {
            case "baud":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int baud) || !LinuxUartPort.SupportsBaudRate(baud))
                {
                    throw new FormatException($"link address '{text}': baud '{value}' is not a standard termios rate; expected one of {string.Join(", ", LinuxUartPort.StandardBaudRates)}");
                }

                return line with { BaudRate = baud };
            case "parity":
                if (!Enum.TryParse(value, ignoreCase: true, out UartParity parity) || !Enum.IsDefined(parity) || int.TryParse(value, out _))
                {
                    throw new FormatException($"link address '{text}': parity '{value}' is not none, even or odd");
                }

                return line with { Parity = parity };
            case "stopBits":
                return value switch
                {
                    "1" => line with { StopBits = UartStopBits.One },
                    "2" => line with { StopBits = UartStopBits.Two },
                    _ => throw new FormatException($"link address '{text}': stopBits '{value}' is not 1 or 2"),
                };
            default:
                throw new FormatException($"link address '{text}': unknown line setting '{name}'; expected baud, parity or stopBits");
        }
    }
}

using Payload.Flight.Configuration;
using Payload.GroundTest.Station;
using Payload.Hal.Buses;

namespace Payload.GroundTest.Tests.Station;

public sealed class GroundLinkAddressTests
{
    [TestCase("udp://127.0.0.1:52001", LinkKind.Udp, "127.0.0.1", 52001)]
    [TestCase("tcp://10.0.0.7:9000", LinkKind.Tcp, "10.0.0.7", 9000)]
    [TestCase("tcp://[::1]:9000", LinkKind.Tcp, "::1", 9000)]
    [TestCase("tcp://rig.local:52001", LinkKind.Tcp, "rig.local", 52001)]
    public void Socket_addresses_name_kind_host_and_port(string text, LinkKind kind, string host, int port)
    {
        LinkConfiguration link = GroundLinkAddress.Parse(text);

        Assert.That((link.Kind, link.Host, link.Port), Is.EqualTo((kind, host, port)));
        Assert.That(GroundLinkAddress.Format(link), Is.EqualTo(text));
    }

    [TestCase("/dev/ttyUSB0", "/dev/ttyUSB0", 115_200, UartParity.None, UartStopBits.One)]
    [TestCase("serial:/dev/ttyS1", "/dev/ttyS1", 115_200, UartParity.None, UartStopBits.One)]
    [TestCase("serial:/dev/ttyS1?baud=9600", "/dev/ttyS1", 9600, UartParity.None, UartStopBits.One)]
    [TestCase("serial:/tmp/rig/tty?baud=460800&parity=even&stopBits=2", "/tmp/rig/tty", 460_800, UartParity.Even, UartStopBits.Two)]
    [TestCase("/dev/ttyAMA0?parity=odd", "/dev/ttyAMA0", 115_200, UartParity.Odd, UartStopBits.One)]
    public void Serial_addresses_name_the_device_and_its_line_settings(string text, string path, int baud, UartParity parity, UartStopBits stopBits)
    {
        LinkConfiguration link = GroundLinkAddress.Parse(text);

        Assert.That(link.Kind, Is.EqualTo(LinkKind.Serial));
        Assert.That(link.Path, Is.EqualTo(path));
        Assert.That(link.Line, Is.EqualTo(new UartSettings(baud, parity, stopBits)));
        Assert.That(GroundLinkAddress.Parse(GroundLinkAddress.Format(link)), Is.EqualTo(link));
    }

    [TestCase("", "is not udp://")]
    [TestCase("127.0.0.1:52000", "is not udp://")]
    [TestCase("http://127.0.0.1:80", "is not udp://")]
    [TestCase("udp://127.0.0.1", "is not udp://")]
    [TestCase("tcp://:99", "is not udp://")]
    [TestCase("udp://host:70000", "is not udp://")]
    [TestCase("udp://127.0.0.1:5?x=1", "is not udp://")]
    [TestCase("tcp://127.0.0.1:9000/path", "is not udp://")]
    [TestCase("serial:", "names no serial device")]
    [TestCase("serial:/dev/ttyS1?baud=12345", "baud '12345' is not a standard termios rate")]
    [TestCase("serial:/dev/ttyS1?baud=fast", "baud 'fast'")]
    [TestCase("serial:/dev/ttyS1?parity=mark", "parity 'mark' is not none, even or odd")]
    [TestCase("serial:/dev/ttyS1?parity=1", "parity '1'")]
    [TestCase("serial:/dev/ttyS1?stopBits=3", "stopBits '3' is not 1 or 2")]
    [TestCase("serial:/dev/ttyS1?flow=rtscts", "unknown line setting 'flow'")]
    public void Bad_addresses_are_refused_naming_the_text_and_what_is_wrong(string text, string message)
    {
        Assert.That(() => GroundLinkAddress.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(message).And.Message.Contains($"'{text}'"));
    }

    [TestCase("pass.cadu", LinkKind.File)]
    [TestCase("/tmp/pass.cadu", LinkKind.File)]
    [TestCase("tcp://127.0.0.1:9000", LinkKind.Tcp)]
    [TestCase("serial:/tmp/rig/tty", LinkKind.Serial)]
    [TestCase("/dev/ttyUSB0", LinkKind.Serial)]
    public void A_decode_source_is_a_link_address_or_else_a_file(string text, LinkKind kind)
    {
        LinkConfiguration source = GroundLinkAddress.ParseSource(text);

        Assert.That(source.Kind, Is.EqualTo(kind));
        Assert.That(GroundLinkAddress.ParseSource(GroundLinkAddress.Format(source)), Is.EqualTo(source));
    }
}

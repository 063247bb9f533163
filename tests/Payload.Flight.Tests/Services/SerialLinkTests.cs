using Payload.Flight.Commanding;
using Payload.Flight.Configuration;
using Payload.Flight.Services;
using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;
using Payload.Hal.Tests.Linux;
using Payload.Telemetry.Security;

namespace Payload.Flight.Tests.Services;

/// <summary>Serial downlink and uplink on a pty: the configured line settings reach the kernel and bytes flow.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SerialLinkTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private static unsafe uint OutputSpeed(PseudoTerminal pty)
    {
        Termios.termios tio = pty.Attributes();
        return Termios.cfgetospeed(&tio);
    }

    private static uint Speed(int baud) => Termios.TryGetSpeed(baud, out uint speed) ? speed : throw new ArgumentOutOfRangeException(nameof(baud));

    [TestCase(9600)]
    [TestCase(460800)]
    public async Task Serial_downlink_applies_the_configured_baud_and_stop_bits_and_writes_cadus(int baud)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        byte[] cadu = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];

        await using (var link = new DownlinkLink(new LinkConfiguration(LinkKind.Serial, Path: pty.SlavePath, Line: new UartSettings(baud, UartParity.None, UartStopBits.Two))))
        {
            Assert.That(OutputSpeed(pty), Is.EqualTo(Speed(baud)));
            Assert.That(pty.Attributes().c_cflag & Termios.CSTOPB, Is.EqualTo(Termios.CSTOPB));

            await link.WriteAsync(cadu, CancellationToken.None);
            Assert.That(pty.ReadExactly(cadu.Length), Is.EqualTo(cadu));
        }
    }

    [Test]
    public async Task Serial_uplink_applies_the_configured_baud_and_cuts_cltus_from_the_line()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        var ground = new CommandCltuEncoder(427, new TcKeyStore([new(1, new byte[32])]), 1, 1);
        byte[] cltu = ground.Encode([0x00, 0x01, 0x00, 0x07]);

        await using var listener = new UplinkListener(new LinkConfiguration(LinkKind.Serial, Path: pty.SlavePath, Line: new UartSettings(19200)), 2048);
        listener.Start();
        Assert.That(OutputSpeed(pty), Is.EqualTo(Speed(19200)));

        pty.Write([0x55, 0x55, .. cltu]);
        using var timeout = new CancellationTokenSource(Limit);
        byte[] received = await listener.Cltus.ReadAsync(timeout.Token);

        Assert.That(received, Is.EqualTo(cltu));
    }
}

using System.Buffers;
using System.IO.Pipelines;
using Payload.Hal.Buses;
using Payload.Hal.Linux;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Tests.Linux;

/// <summary>The termios serial backend, for real, through a pseudo-terminal pair.</summary>
[Platform("Linux")]
public class LinuxUartPortTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Every byte value, so raw mode is proven: no CR/LF mapping, no ^C/^D/^S handling, no echo.</summary>
    private static byte[] AllByteValues() => Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    [TestCase(9600)]
    [TestCase(115200)]
    [TestCase(460800)]
    public async Task Bytes_round_trip_through_the_pipes_at_baud(int baud)
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxUartPort port = LinuxUartPort.Open(pty.SlavePath, new UartSettings(baud));
        Assert.That(port.ReadBackBaudRate(), Is.EqualTo(baud));

        byte[] sent = AllByteValues();
        pty.Write(sent);
        using var timeout = new CancellationTokenSource(Patience);
        ReadResult read = await port.Input.ReadAtLeastAsync(sent.Length, timeout.Token);
        Assert.That(read.Buffer.Slice(0, sent.Length).ToArray(), Is.EqualTo(sent));
        port.Input.AdvanceTo(read.Buffer.GetPosition(sent.Length));

        await port.Output.WriteAsync(sent, timeout.Token);
        Assert.That(pty.ReadExactly(sent.Length), Is.EqualTo(sent));
    }

    [Test]
    public void Stream_view_reads_and_writes_the_same_line()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxUartPort port = LinuxUartPort.Open(pty.SlavePath, new UartSettings(57600));
        Stream stream = port.AsStream();
        byte[] frame = [0x1A, 0xCF, 0xFC, 0x1D, 0x0D, 0x0A, 0x03, 0x04];

        stream.Write(frame);
        Assert.That(pty.ReadExactly(frame.Length), Is.EqualTo(frame));

        pty.Write(frame);
        var received = new byte[frame.Length];
        stream.ReadExactly(received);
        Assert.That(received, Is.EqualTo(frame));
    }

    [TestCase(UartParity.None, UartStopBits.One, 0u)]
    [TestCase(UartParity.Even, UartStopBits.One, Termios.PARENB)]
    [TestCase(UartParity.Odd, UartStopBits.Two, Termios.PARENB | Termios.PARODD | Termios.CSTOPB)]
    public void Parity_and_stop_bits_set_the_control_flags(UartParity parity, UartStopBits stopBits, uint expectedBits)
    {
        var tio = new Termios.termios { c_cflag = Termios.PARENB | Termios.PARODD | Termios.CSTOPB };
        LinuxUartPort.ApplyLineSettings(ref tio, new UartSettings(19200, parity, stopBits));
        Assert.That(tio.c_cflag & (Termios.PARENB | Termios.PARODD | Termios.CSTOPB), Is.EqualTo(expectedBits));
        Assert.That(tio.c_cflag & Termios.CSIZE, Is.EqualTo(Termios.CS8));
        Assert.That(tio.c_cflag & (Termios.CREAD | Termios.CLOCAL), Is.EqualTo(Termios.CREAD | Termios.CLOCAL));
    }

    [Test]
    public void Two_stop_bits_reach_the_kernel_line_settings()
    {
        // A pty forces CS8 and drops PARENB (drivers/tty/pty.c), so only stop bits can be seen through one.
        using PseudoTerminal pty = PseudoTerminal.Open();
        using LinuxUartPort port = LinuxUartPort.Open(pty.SlavePath, new UartSettings(19200, UartParity.None, UartStopBits.Two));
        Assert.That(pty.Attributes().c_cflag & Termios.CSTOPB, Is.EqualTo(Termios.CSTOPB));
    }

    [Test]
    public void Non_standard_baud_rate_is_rejected_naming_the_rate_and_port()
    {
        Assert.That(() => LinuxUartPort.Open("/dev/ttyS9", new UartSettings(12345)),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("12345").And.Message.Contains("/dev/ttyS9"));
    }

    [Test]
    public async Task Disposing_the_port_ends_a_pending_read()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        LinuxUartPort port = LinuxUartPort.Open(pty.SlavePath, new UartSettings(115200));
        ValueTask<ReadResult> pending = port.Input.ReadAsync();
        port.Dispose();
        Exception? error = null;
        try
        {
            await pending.AsTask().WaitAsync(Patience);
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }
        catch (TimeoutException e)
        {
            error = e;
        }

        Assert.That(error, Is.Null.Or.Not.InstanceOf<TimeoutException>());
    }
}

using System.Runtime.InteropServices;
using System.Text;
using Payload.Hal.Linux;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Tests.Linux;

/// <summary>A pty pair: the test holds the master side, the code under test opens <see cref="SlavePath"/> as a serial port.</summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private const int WaitMs = 5000;
    private readonly FileDescriptor _master;

    private PseudoTerminal(FileDescriptor master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public int MasterFd => _master.Fd;

    public static PseudoTerminal Open()
    {
        int fd = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY);
        if (fd < 0)
        {
            Assert.Ignore($"posix_openpt failed ({Marshal.GetLastPInvokeErrorMessage()}): this machine has no /dev/ptmx.");
        }

        var master = FileDescriptor.Adopt(fd, "/dev/ptmx");
        byte* name = stackalloc byte[128];
        if (Libc.grantpt(fd) < 0 || Libc.unlockpt(fd) < 0 || Libc.ptsname_r(fd, name, 128) != 0)
        {
            master.Dispose();
            Assert.Fail($"pty setup failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        return new PseudoTerminal(master, Marshal.PtrToStringUTF8((nint)name)!);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            Assert.That((int)Libc.write(_master.Fd, p, (nuint)data.Length), Is.EqualTo(data.Length), "write to pty master");
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, waiting in poll for each chunk (fails after 5 s of silence).</summary>
    public byte[] ReadExactly(int count)
    {
        var result = new byte[count];
        int done = 0;
        while (done < count)
        {
            var poll = new Libc.pollfd { fd = _master.Fd, events = Libc.POLLIN };
            Assert.That(Libc.poll(&poll, 1, WaitMs), Is.EqualTo(1), $"no data from the port after {done} of {count} bytes");
            fixed (byte* p = &result[done])
            {
                nint n = Libc.read(_master.Fd, p, (nuint)(count - done));
                Assert.That((int)n, Is.GreaterThan(0), Encoding.ASCII.GetString(result, 0, done));
                done += (int)n;
            }
        }

        return result;
    }

    public Termios.termios Attributes()
    {
        Termios.termios tio;
        Assert.That(Termios.tcgetattr(_master.Fd, &tio), Is.Zero);
        return tio;
    }

    public void Dispose() => _master.Dispose();
}

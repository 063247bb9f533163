using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>One requested line: the line-request descriptor returned by <c>GPIO_V2_GET_LINE_IOCTL</c>.</summary>
internal sealed class LinuxGpioLine : IGpioLine
{
    private readonly FileDescriptor _fd;

    public LinuxGpioLine(FileDescriptor fd, int offset, bool isOutput)
    {
        _fd = fd;
        Offset = offset;
        IsOutput = isOutput;
    }

    public int Offset { get; }

    public bool IsOutput { get; }

    public unsafe bool Read()
    {
        var values = new GpioV2.gpio_v2_line_values { mask = 1 };
        _fd.Ioctl(GpioV2.GPIO_V2_LINE_GET_VALUES_IOCTL, &values, "GPIO_V2_LINE_GET_VALUES_IOCTL");
        return (values.bits & 1) != 0;
    }

    public unsafe void Write(bool active)
    {
        if (!IsOutput)
        {
            throw new InvalidOperationException($"{_fd.Path} is requested as an input and cannot be driven.");
        }

        var values = new GpioV2.gpio_v2_line_values { mask = 1, bits = active ? 1UL : 0UL };
        _fd.Ioctl(GpioV2.GPIO_V2_LINE_SET_VALUES_IOCTL, &values, "GPIO_V2_LINE_SET_VALUES_IOCTL");
    }

    public unsafe bool TryReadEdge(out GpioEdgeEvent edge)
    {
        edge = default;
        var poll = new Libc.pollfd { fd = _fd.Fd, events = Libc.POLLIN };
        int ready = Libc.poll(&poll, 1, 0);
        if (ready < 0)
        {
            throw FileDescriptor.Failure(_fd.Path, "poll");
        }

        if (ready == 0)
        {
            return false;
        }

        GpioV2.gpio_v2_line_event raw;
        nint got = Libc.read(_fd.Fd, (byte*)&raw, (nuint)sizeof(GpioV2.gpio_v2_line_event));
        if (got < 0)
        {
            throw FileDescriptor.Failure(_fd.Path, "read (gpio_v2_line_event)");
        }

        GpioEdge kind = raw.id == GpioV2.GPIO_V2_LINE_EVENT_RISING_EDGE ? GpioEdge.Rising : GpioEdge.Falling;
        edge = new GpioEdgeEvent((int)raw.offset, kind, (long)raw.timestamp_ns, raw.line_seqno);
        return true;
    }

    public void Dispose() => _fd.Dispose();
}

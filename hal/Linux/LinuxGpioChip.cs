using System.Text;
using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>A GPIO controller through its character device (<c>/dev/gpiochipN</c>), uAPI v2 line requests.</summary>
public sealed class LinuxGpioChip : IGpioChip
{
    /// <summary>Kernel queue depth for edge events per line; 0 would mean the kernel default (16 per line).</summary>
    private const uint EventBufferSize = 64;

    private readonly FileDescriptor _fd;

    private LinuxGpioChip(FileDescriptor fd) => _fd = fd;

    /// <inheritdoc />
    public string Name => _fd.Path;

    /// <summary>Opens a chip such as <c>/dev/gpiochip0</c>; fails naming the path.</summary>
    public static LinuxGpioChip Open(string devicePath) => new(FileDescriptor.Open(devicePath));

    /// <inheritdoc />
    public IGpioLine RequestInput(int offset, GpioLineOptions options)
    {
        ulong flags = GpioV2.GPIO_V2_LINE_FLAG_INPUT;
        if ((options.Edges & GpioEdge.Rising) != 0)
        {
            flags |= GpioV2.GPIO_V2_LINE_FLAG_EDGE_RISING;
        }

        if ((options.Edges & GpioEdge.Falling) != 0)
        {
            flags |= GpioV2.GPIO_V2_LINE_FLAG_EDGE_FALLING;
        }

        return Request(offset, flags, null, options);
    }

    /// <inheritdoc />
    public IGpioLine RequestOutput(int offset, bool initialActive, GpioLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Edges != GpioEdge.None)
        {
            throw new ArgumentException($"GPIO line {offset} on {Name}: edge events apply to inputs only.", nameof(options));
        }

        return Request(offset, GpioV2.GPIO_V2_LINE_FLAG_OUTPUT, initialActive, options);
    }

    /// <inheritdoc />
    public void Dispose() => _fd.Dispose();

    private unsafe LinuxGpioLine Request(int offset, ulong flags, bool? initialActive, GpioLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (options.ActiveLow)
        {
            flags |= GpioV2.GPIO_V2_LINE_FLAG_ACTIVE_LOW;
        }

        var request = default(GpioV2.gpio_v2_line_request);
        request.offsets[0] = (uint)offset;
        request.num_lines = 1;
        request.event_buffer_size = options.Edges == GpioEdge.None ? 0 : EventBufferSize;
        Span<byte> consumer = request.consumer;
        int written = Encoding.ASCII.GetBytes(options.Consumer.AsSpan(0, Math.Min(options.Consumer.Length, GpioV2.GPIO_MAX_NAME_SIZE - 1)), consumer);
        consumer[written] = 0;
        request.config.flags = flags;
        if (initialActive is bool active)
        {
            request.config.num_attrs = 1;
            request.config.attrs[0].attr.id = GpioV2.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
            request.config.attrs[0].attr.flags_or_values = active ? 1UL : 0UL;
            request.config.attrs[0].mask = 1;
        }

        _fd.Ioctl(GpioV2.GPIO_V2_GET_LINE_IOCTL, &request, $"GPIO_V2_GET_LINE_IOCTL (line {offset})");
        return new LinuxGpioLine(FileDescriptor.Adopt(request.fd, $"{Name} line {offset}"), offset, initialActive.HasValue);
    }
}

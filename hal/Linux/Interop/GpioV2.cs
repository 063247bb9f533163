using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Payload.Hal.Linux.Interop;

/// <summary>The GPIO character device uAPI v2 (include/uapi/linux/gpio.h), kernel names verbatim.</summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "kernel names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "kernel names kept verbatim")]
[SuppressMessage("Performance", "CA1812", Justification = "inline array types are instantiated by the runtime")]
internal static class GpioV2
{
    internal const int GPIO_MAX_NAME_SIZE = 32;
    internal const int GPIO_V2_LINES_MAX = 64;
    internal const int GPIO_V2_LINE_NUM_ATTRS_MAX = 10;

    // enum gpio_v2_line_flag
    internal const ulong GPIO_V2_LINE_FLAG_ACTIVE_LOW = 1UL << 1;
    internal const ulong GPIO_V2_LINE_FLAG_INPUT = 1UL << 2;
    internal const ulong GPIO_V2_LINE_FLAG_OUTPUT = 1UL << 3;
    internal const ulong GPIO_V2_LINE_FLAG_EDGE_RISING = 1UL << 4;
    internal const ulong GPIO_V2_LINE_FLAG_EDGE_FALLING = 1UL << 5;

    // enum gpio_v2_line_attr_id
    internal const uint GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES = 2;

    // enum gpio_v2_line_event_id
    internal const uint GPIO_V2_LINE_EVENT_RISING_EDGE = 1;
    internal const uint GPIO_V2_LINE_EVENT_FALLING_EDGE = 2;

    private const uint GpioIocMagic = 0xB4;

    internal static readonly uint GPIO_V2_GET_LINE_IOCTL = IoctlCode._IOWR(GpioIocMagic, 0x07, (uint)Unsafe.SizeOf<gpio_v2_line_request>());
    internal static readonly uint GPIO_V2_LINE_GET_VALUES_IOCTL = IoctlCode._IOWR(GpioIocMagic, 0x0E, (uint)Unsafe.SizeOf<gpio_v2_line_values>());
    internal static readonly uint GPIO_V2_LINE_SET_VALUES_IOCTL = IoctlCode._IOWR(GpioIocMagic, 0x0F, (uint)Unsafe.SizeOf<gpio_v2_line_values>());

    [StructLayout(LayoutKind.Sequential)]
    internal struct gpio_v2_line_values
    {
        public ulong bits;
        public ulong mask;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct gpio_v2_line_attribute
    {
        public uint id;
        public uint padding;
        public ulong flags_or_values; // union { flags; values; debounce_period_us; }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct gpio_v2_line_config_attribute
    {
        public gpio_v2_line_attribute attr;
        public ulong mask;
    }

    [InlineArray(GPIO_V2_LINE_NUM_ATTRS_MAX)]
    internal struct ConfigAttributes
    {
        private gpio_v2_line_config_attribute _element;
    }

    [InlineArray(5)]
    internal struct Padding5
    {
        private uint _element;
    }

    [InlineArray(6)]
    internal struct Padding6
    {
        private uint _element;
    }

    [InlineArray(GPIO_V2_LINES_MAX)]
    internal struct Offsets
    {
        private uint _element;
    }

    [InlineArray(GPIO_MAX_NAME_SIZE)]
    internal struct Name
    {
        private byte _element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct gpio_v2_line_config
    {
        public ulong flags;
        public uint num_attrs;
        public Padding5 padding;
        public ConfigAttributes attrs;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct gpio_v2_line_request
    {
        public Offsets offsets;
        public Name consumer;
        public gpio_v2_line_config config;
        public uint num_lines;
        public uint event_buffer_size;
        public Padding5 padding;
        public int fd;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct gpio_v2_line_event
    {
        public ulong timestamp_ns;
        public uint id;
        public uint offset;
        public uint seqno;
        public uint line_seqno;
        public Padding6 padding;
    }
}

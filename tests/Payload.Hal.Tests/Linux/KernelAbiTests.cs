using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Payload.Hal.Linux.Interop;
using Payload.Tests.Shared;

namespace Payload.Hal.Tests.Linux;

/// <summary>
/// Our interop constants and struct layouts against the machine's kernel and libc headers: kernel_abi.c is
/// compiled with gcc and prints each fact; every fact is one test case.
/// </summary>
[NonParallelizable]
public unsafe class KernelAbiTests
{
    private static Dictionary<string, ulong>? s_headers;

    private delegate ref TField FieldOf<TStruct, TField>(ref TStruct value);

    public static IEnumerable<TestCaseData> Facts()
    {
        foreach ((string name, ulong ours) in Ours())
        {
            yield return new TestCaseData(name, ours).SetName($"Matches_header: {name}");
        }
    }

    [OneTimeSetUp]
    public void CompileProbe()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Kernel ABI checks need Linux headers.");
        }

        string gcc = Require.Tool("gcc", "install gcc and linux-libc-dev (apt-get install gcc linux-libc-dev) to check ioctl numbers and struct layouts");
        string source = Path.Combine(RepositoryPaths.Root, "tests", "Payload.Hal.Tests", "Linux", "kernel_abi.c");
        string exe = Path.Combine(Path.GetTempPath(), $"payload_kernel_abi_{Environment.ProcessId}");
        (int code, string output, string errors) = Run(gcc, $"-o {exe} {source}");
        if (code != 0)
        {
            Assert.Ignore($"kernel_abi.c does not compile here (missing linux-libc-dev headers?): {errors}");
        }

        (code, output, errors) = Run(exe, "");
        File.Delete(exe);
        Assert.That(code, Is.Zero, errors);
        s_headers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [TestCaseSource(nameof(Facts))]
    public void Matches_header(string name, ulong ours)
    {
        Assert.That(s_headers, Does.ContainKey(name), $"kernel_abi.c does not print {name}");
        Assert.That(ours, Is.EqualTo(s_headers![name]), $"{name}: ours 0x{ours:X}, header 0x{s_headers[name]:X}");
    }

    [Test]
    public void Every_fact_the_probe_prints_is_checked()
    {
        Assert.That(s_headers, Is.Not.Null);
        Assert.That(s_headers!.Keys, Is.EquivalentTo(Ours().Select(f => f.Name)));
    }

    private static List<(string Name, ulong Value)> Ours()
    {
        var facts = new List<(string Name, ulong Value)>();
        facts.Add(("O_RDWR", Libc.O_RDWR));
        facts.Add(("O_NOCTTY", Libc.O_NOCTTY));
        facts.Add(("O_NONBLOCK", Libc.O_NONBLOCK));
        facts.Add(("O_CLOEXEC", Libc.O_CLOEXEC));
        facts.Add(("POLLIN", (ulong)Libc.POLLIN));
        facts.Add(("EINTR", Libc.EINTR));
        facts.Add(("EAGAIN", Libc.EAGAIN));
        facts.Add(("sizeof(pollfd)", Size<Libc.pollfd>()));
        facts.Add(("offsetof(pollfd.events)", Offset((ref Libc.pollfd p) => ref p.events)));
        facts.Add(("offsetof(pollfd.revents)", Offset((ref Libc.pollfd p) => ref p.revents)));

        facts.Add(("I2C_RDWR", I2cDev.I2C_RDWR));
        facts.Add(("I2C_M_RD", I2cDev.I2C_M_RD));
        facts.Add(("I2C_RDWR_IOCTL_MAX_MSGS", I2cDev.I2C_RDWR_IOCTL_MAX_MSGS));
        facts.Add(("sizeof(i2c_msg)", Size<I2cDev.i2c_msg>()));
        facts.Add(("offsetof(i2c_msg.addr)", Offset((ref I2cDev.i2c_msg m) => ref m.addr)));
        facts.Add(("offsetof(i2c_msg.flags)", Offset((ref I2cDev.i2c_msg m) => ref m.flags)));
        facts.Add(("offsetof(i2c_msg.len)", Offset((ref I2cDev.i2c_msg m) => ref m.len)));
        facts.Add(("offsetof(i2c_msg.buf)", I2cMsgBufOffset()));
        facts.Add(("sizeof(i2c_rdwr_ioctl_data)", Size<I2cDev.i2c_rdwr_ioctl_data>()));
        facts.Add(("offsetof(i2c_rdwr_ioctl_data.msgs)", I2cRdwrMsgsOffset()));
        facts.Add(("offsetof(i2c_rdwr_ioctl_data.nmsgs)", Offset((ref I2cDev.i2c_rdwr_ioctl_data d) => ref d.nmsgs)));

        facts.Add(("SPI_CPHA", SpiDev.SPI_CPHA));
        facts.Add(("SPI_CPOL", SpiDev.SPI_CPOL));
        facts.Add(("SPI_IOC_MESSAGE(1)", SpiDev.SPI_IOC_MESSAGE(1)));
        facts.Add(("SPI_IOC_MESSAGE(2)", SpiDev.SPI_IOC_MESSAGE(2)));
        facts.Add(("SPI_IOC_WR_MODE", SpiDev.SPI_IOC_WR_MODE));
        facts.Add(("SPI_IOC_WR_BITS_PER_WORD", SpiDev.SPI_IOC_WR_BITS_PER_WORD));
        facts.Add(("SPI_IOC_WR_MAX_SPEED_HZ", SpiDev.SPI_IOC_WR_MAX_SPEED_HZ));
        facts.Add(("sizeof(spi_ioc_transfer)", Size<SpiDev.spi_ioc_transfer>()));
        facts.Add(("offsetof(spi_ioc_transfer.tx_buf)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.tx_buf)));
        facts.Add(("offsetof(spi_ioc_transfer.rx_buf)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.rx_buf)));
        facts.Add(("offsetof(spi_ioc_transfer.len)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.len)));
        facts.Add(("offsetof(spi_ioc_transfer.speed_hz)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.speed_hz)));
        facts.Add(("offsetof(spi_ioc_transfer.delay_usecs)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.delay_usecs)));
        facts.Add(("offsetof(spi_ioc_transfer.bits_per_word)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.bits_per_word)));
        facts.Add(("offsetof(spi_ioc_transfer.cs_change)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.cs_change)));
        facts.Add(("offsetof(spi_ioc_transfer.word_delay_usecs)", Offset((ref SpiDev.spi_ioc_transfer t) => ref t.word_delay_usecs)));

        facts.Add(("GPIO_MAX_NAME_SIZE", GpioV2.GPIO_MAX_NAME_SIZE));
        facts.Add(("GPIO_V2_LINES_MAX", GpioV2.GPIO_V2_LINES_MAX));
        facts.Add(("GPIO_V2_LINE_NUM_ATTRS_MAX", GpioV2.GPIO_V2_LINE_NUM_ATTRS_MAX));
        facts.Add(("GPIO_V2_LINE_FLAG_ACTIVE_LOW", GpioV2.GPIO_V2_LINE_FLAG_ACTIVE_LOW));
        facts.Add(("GPIO_V2_LINE_FLAG_INPUT", GpioV2.GPIO_V2_LINE_FLAG_INPUT));
        facts.Add(("GPIO_V2_LINE_FLAG_OUTPUT", GpioV2.GPIO_V2_LINE_FLAG_OUTPUT));
        facts.Add(("GPIO_V2_LINE_FLAG_EDGE_RISING", GpioV2.GPIO_V2_LINE_FLAG_EDGE_RISING));
        facts.Add(("GPIO_V2_LINE_FLAG_EDGE_FALLING", GpioV2.GPIO_V2_LINE_FLAG_EDGE_FALLING));
        facts.Add(("GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", GpioV2.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES));
        facts.Add(("GPIO_V2_LINE_EVENT_RISING_EDGE", GpioV2.GPIO_V2_LINE_EVENT_RISING_EDGE));
        facts.Add(("GPIO_V2_LINE_EVENT_FALLING_EDGE", GpioV2.GPIO_V2_LINE_EVENT_FALLING_EDGE));
        facts.Add(("GPIO_V2_GET_LINE_IOCTL", GpioV2.GPIO_V2_GET_LINE_IOCTL));
        facts.Add(("GPIO_V2_LINE_GET_VALUES_IOCTL", GpioV2.GPIO_V2_LINE_GET_VALUES_IOCTL));
        facts.Add(("GPIO_V2_LINE_SET_VALUES_IOCTL", GpioV2.GPIO_V2_LINE_SET_VALUES_IOCTL));
        facts.Add(("sizeof(gpio_v2_line_values)", Size<GpioV2.gpio_v2_line_values>()));
        facts.Add(("sizeof(gpio_v2_line_attribute)", Size<GpioV2.gpio_v2_line_attribute>()));
        facts.Add(("sizeof(gpio_v2_line_config_attribute)", Size<GpioV2.gpio_v2_line_config_attribute>()));
        facts.Add(("sizeof(gpio_v2_line_config)", Size<GpioV2.gpio_v2_line_config>()));
        facts.Add(("offsetof(gpio_v2_line_config.num_attrs)", Offset((ref GpioV2.gpio_v2_line_config c) => ref c.num_attrs)));
        facts.Add(("offsetof(gpio_v2_line_config.attrs)", Offset((ref GpioV2.gpio_v2_line_config c) => ref c.attrs)));
        facts.Add(("sizeof(gpio_v2_line_request)", Size<GpioV2.gpio_v2_line_request>()));
        facts.Add(("offsetof(gpio_v2_line_request.consumer)", Offset((ref GpioV2.gpio_v2_line_request r) => ref r.consumer)));
        facts.Add(("offsetof(gpio_v2_line_request.config)", Offset((ref GpioV2.gpio_v2_line_request r) => ref r.config)));
        facts.Add(("offsetof(gpio_v2_line_request.num_lines)", Offset((ref GpioV2.gpio_v2_line_request r) => ref r.num_lines)));
        facts.Add(("offsetof(gpio_v2_line_request.event_buffer_size)", Offset((ref GpioV2.gpio_v2_line_request r) => ref r.event_buffer_size)));
        facts.Add(("offsetof(gpio_v2_line_request.fd)", Offset((ref GpioV2.gpio_v2_line_request r) => ref r.fd)));
        facts.Add(("sizeof(gpio_v2_line_event)", Size<GpioV2.gpio_v2_line_event>()));
        facts.Add(("offsetof(gpio_v2_line_event.id)", Offset((ref GpioV2.gpio_v2_line_event e) => ref e.id)));
        facts.Add(("offsetof(gpio_v2_line_event.offset)", Offset((ref GpioV2.gpio_v2_line_event e) => ref e.offset)));
        facts.Add(("offsetof(gpio_v2_line_event.line_seqno)", Offset((ref GpioV2.gpio_v2_line_event e) => ref e.line_seqno)));

        facts.Add(("WDIOC_GETBOOTSTATUS", WatchdogDev.WDIOC_GETBOOTSTATUS));
        facts.Add(("WDIOC_KEEPALIVE", WatchdogDev.WDIOC_KEEPALIVE));
        facts.Add(("WDIOC_SETTIMEOUT", WatchdogDev.WDIOC_SETTIMEOUT));
        facts.Add(("WDIOC_GETTIMEOUT", WatchdogDev.WDIOC_GETTIMEOUT));
        facts.Add(("WDIOF_OVERHEAT", WatchdogDev.WDIOF_OVERHEAT));
        facts.Add(("WDIOF_POWERUNDER", WatchdogDev.WDIOF_POWERUNDER));
        facts.Add(("WDIOF_CARDRESET", WatchdogDev.WDIOF_CARDRESET));

        facts.Add(("NCCS", Termios.NCCS));
        facts.Add(("TCSANOW", Termios.TCSANOW));
        facts.Add(("TCIOFLUSH", Termios.TCIOFLUSH));
        facts.Add(("VMIN", Termios.VMIN));
        facts.Add(("VTIME", Termios.VTIME));
        facts.Add(("CSIZE", Termios.CSIZE));
        facts.Add(("CS8", Termios.CS8));
        facts.Add(("CSTOPB", Termios.CSTOPB));
        facts.Add(("CREAD", Termios.CREAD));
        facts.Add(("PARENB", Termios.PARENB));
        facts.Add(("PARODD", Termios.PARODD));
        facts.Add(("CLOCAL", Termios.CLOCAL));
        facts.Add(("CRTSCTS", Termios.CRTSCTS));
        facts.Add(("B1200", Termios.B1200));
        facts.Add(("B2400", Termios.B2400));
        facts.Add(("B4800", Termios.B4800));
        facts.Add(("B9600", Termios.B9600));
        facts.Add(("B19200", Termios.B19200));
        facts.Add(("B38400", Termios.B38400));
        facts.Add(("B57600", Termios.B57600));
        facts.Add(("B115200", Termios.B115200));
        facts.Add(("B230400", Termios.B230400));
        facts.Add(("B460800", Termios.B460800));
        facts.Add(("B921600", Termios.B921600));
        facts.Add(("sizeof(termios)", Size<Termios.termios>()));
        facts.Add(("offsetof(termios.c_cflag)", Offset((ref Termios.termios t) => ref t.c_cflag)));
        facts.Add(("offsetof(termios.c_line)", Offset((ref Termios.termios t) => ref t.c_line)));
        facts.Add(("offsetof(termios.c_cc)", Offset((ref Termios.termios t) => ref t.c_cc)));
        facts.Add(("offsetof(termios.c_ispeed)", Offset((ref Termios.termios t) => ref t.c_ispeed)));
        facts.Add(("offsetof(termios.c_ospeed)", Offset((ref Termios.termios t) => ref t.c_ospeed)));
        return facts;
    }

    // Pointer-typed fields cannot be generic arguments, so these two take their address directly.
    private static ulong I2cMsgBufOffset()
    {
        I2cDev.i2c_msg m = default;
        return (ulong)((byte*)&m.buf - (byte*)&m);
    }

    private static ulong I2cRdwrMsgsOffset()
    {
        I2cDev.i2c_rdwr_ioctl_data d = default;
        return (ulong)((byte*)&d.msgs - (byte*)&d);
    }

    private static ulong Size<T>()
        where T : unmanaged => (ulong)sizeof(T);

    private static ulong Offset<TStruct, TField>(FieldOf<TStruct, TField> field)
        where TStruct : unmanaged
    {
        TStruct value = default;
        ref byte start = ref Unsafe.As<TStruct, byte>(ref value);
        ref byte at = ref Unsafe.As<TField, byte>(ref field(ref value));
        return (ulong)Unsafe.ByteOffset(ref start, ref at);
    }

    private static (int Code, string Output, string Errors) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors);
    }
}

using System.Text;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Tests.Frames;

public class Crc16CcittTests
{
    [Test]
    public void Check_value_of_123456789_is_0x29B1()
    {
        Assert.That(Crc16Ccitt.Compute(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0x29B1));
    }

    [Test]
    public void Empty_input_returns_the_initial_value()
    {
        Assert.That(Crc16Ccitt.Compute([], 0x1D0F), Is.EqualTo(0x1D0F));
    }

    [Test]
    public void Computing_in_two_parts_equals_computing_at_once()
    {
        byte[] data = Encoding.ASCII.GetBytes("Payload TC frame");
        ushort first = Crc16Ccitt.Compute(data.AsSpan(0, 7));
        Assert.That(Crc16Ccitt.Compute(data.AsSpan(7), first), Is.EqualTo(Crc16Ccitt.Compute(data)));
    }
}

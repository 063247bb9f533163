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
    public void Empty_input_leaves_the_all_ones_preset()
    {
        Assert.That(Crc16Ccitt.Compute([]), Is.EqualTo(0xFFFF));
    }

    [Test]
    public void Table_driven_result_equals_a_bit_by_bit_division()
    {
        byte[] data = new byte[1115];
        new Random(1).NextBytes(data);
        int crc = 0xFFFF;
        foreach (byte b in data)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                int top = ((crc >> 15) ^ (b >> bit)) & 1;
                crc = ((crc << 1) & 0xFFFF) ^ (top != 0 ? 0x1021 : 0);
            }
        }

        Assert.That(Crc16Ccitt.Compute(data), Is.EqualTo(crc));
    }

    [Test]
    public void Update_in_pieces_equals_one_pass()
    {
        byte[] data = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];

        Assert.That(Crc16Ccitt.Update(Crc16Ccitt.Compute(data.AsSpan(0, 37)), data.AsSpan(37)), Is.EqualTo(Crc16Ccitt.Compute(data)));
    }
}

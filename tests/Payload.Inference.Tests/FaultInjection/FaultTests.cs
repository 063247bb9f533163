using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

public class FaultTests
{
    [TestCase(0, 1.0f)]
    [TestCase(22, 1.0f)]
    [TestCase(23, 1.0f)]
    [TestCase(30, 1.0f)]
    [TestCase(31, -2.5f)]
    public void Single_bit_flip_changes_exactly_that_bit(int bit, float value)
    {
        byte[] bytes = BitConverter.GetBytes(value);
        new Fault(FaultModel.SingleBit, bit).Apply(bytes);

        int before = BitConverter.SingleToInt32Bits(value);
        int after = BitConverter.ToInt32(bytes);
        Assert.That(before ^ after, Is.EqualTo(1 << bit));
    }

    [Test]
    public void Flipping_the_top_exponent_bit_of_one_gives_a_huge_value()
    {
        byte[] bytes = BitConverter.GetBytes(1.0f);
        new Fault(FaultModel.SingleBit, 30).Apply(bytes);

        Assert.That(BitConverter.ToSingle(bytes), Is.EqualTo(MathF.Pow(2, 128)).Or.EqualTo(float.PositiveInfinity));
    }

    [TestCase(0, 2, 0b11u)]
    [TestCase(5, 3, 0b111u << 5)]
    [TestCase(29, 3, 0b111u << 29)]
    public void Adjacent_bit_fault_flips_the_run_of_bits(int bit, int width, uint mask)
    {
        const uint Original = 0x3F8A_5C21;
        byte[] bytes = BitConverter.GetBytes(Original);
        new Fault(FaultModel.AdjacentBits, bit, width).Apply(bytes);

        Assert.That(BitConverter.ToUInt32(bytes) ^ Original, Is.EqualTo(mask));
    }

    [TestCase(0, 0x00, 0x3F8A_5C00u)]
    [TestCase(24, 0xFF, 0xFF8A_5C21u)]
    [TestCase(8, 0x00, 0x3F8A_0021u)]
    public void Byte_stuck_at_sets_the_whole_byte_and_nothing_else(int bit, int value, uint expected)
    {
        byte[] bytes = BitConverter.GetBytes(0x3F8A_5C21u);
        new Fault(FaultModel.ByteStuckAt, bit, 1, (byte)value).Apply(bytes);

        Assert.That(BitConverter.ToUInt32(bytes), Is.EqualTo(expected));
    }

    [Test]
    public void Random_byte_writes_its_value_into_the_byte_holding_the_bit()
    {
        byte[] bytes = [1, 2, 3, 4];
        new Fault(FaultModel.RandomByte, 19, 1, 0xA7).Apply(bytes);

        Assert.That(bytes, Is.EqualTo(new byte[] { 1, 2, 0xA7, 4 }));
    }

    [TestCase(FaultModel.SingleBit, 32, 1)]
    [TestCase(FaultModel.SingleBit, -1, 1)]
    [TestCase(FaultModel.AdjacentBits, 30, 3)]
    [TestCase(FaultModel.ByteStuckAt, 40, 1)]
    public void Fault_outside_the_element_is_refused(FaultModel model, int bit, int width)
    {
        byte[] bytes = new byte[4];
        Assert.That(() => new Fault(model, bit, width).Apply(bytes), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("32-bit element"));
    }

    [TestCase(FaultModel.SingleBit, 31, BitField.Sign)]
    [TestCase(FaultModel.SingleBit, 23, BitField.Exponent)]
    [TestCase(FaultModel.SingleBit, 22, BitField.Mantissa)]
    [TestCase(FaultModel.AdjacentBits, 22, BitField.Exponent)]
    [TestCase(FaultModel.ByteStuckAt, 16, BitField.Exponent)]
    [TestCase(FaultModel.RandomByte, 24, BitField.Sign)]
    [TestCase(FaultModel.RandomByte, 8, BitField.Mantissa)]
    public void Field_is_that_of_the_highest_bit_the_fault_can_change(FaultModel model, int bit, BitField field)
    {
        Assert.That(new Fault(model, bit, 2).Field, Is.EqualTo(field));
    }
}

using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

public class ClcwAndControlCommandTests
{
    [Test]
    public void CLCW_fields_land_on_their_bits()
    {
        var clcw = new Clcw(VirtualChannelId: 3, ReportValue: 0x55, Lockout: true, Wait: false, Retransmit: true, FarmBCounter: 2);
        Assert.That(clcw.ToWord(), Is.EqualTo(0x010C2C55u));
    }

    [Test]
    public void CLCW_reads_back_what_was_written()
    {
        var clcw = new Clcw(63, 200, false, true, true, 3, NoRfAvailable: true, NoBitLock: true, Status: 5);
        var bytes = new byte[Clcw.Length];
        clcw.Write(bytes);

        Assert.That(Clcw.TryRead(bytes, out Clcw read), Is.True);
        Assert.That(read, Is.EqualTo(clcw));
    }

    [TestCase(0x810C2C55u, TestName = "Control word type 1 is not a CLCW")]
    [TestCase(0x210C2C55u, TestName = "CLCW version 1 is not accepted")]
    [TestCase(0x000C2C55u, TestName = "COP in effect 0 is not COP-1")]
    public void Words_that_are_not_COP_1_CLCWs_are_refused(uint word)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, word);
        Assert.That(Clcw.TryRead(bytes, out _), Is.False);
    }

    [Test]
    public void Short_input_is_not_a_CLCW()
    {
        Assert.That(Clcw.TryRead(new byte[3], out _), Is.False);
    }

    [Test]
    public void Unlock_is_one_zero_octet_and_Set_VR_is_0x82_0x00_value()
    {
        var bytes = new byte[3];
        Assert.That(TcControlCommand.Unlock.Write(bytes), Is.EqualTo(1));
        Assert.That(bytes[0], Is.Zero);
        Assert.That(TcControlCommand.SetVr(7).Write(bytes), Is.EqualTo(3));
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("820007"));
    }

    [TestCase(new byte[] { 0x00 }, true)]
    [TestCase(new byte[] { 0x82, 0x00, 0x09 }, true)]
    [TestCase(new byte[0], false)]
    [TestCase(new byte[] { 0x01 }, false)]
    [TestCase(new byte[] { 0x00, 0x00 }, false)]
    [TestCase(new byte[] { 0x82, 0x01, 0x09 }, false)]
    [TestCase(new byte[] { 0x82, 0x00, 0x09, 0x00 }, false)]
    public void Only_the_two_legal_control_commands_parse(byte[] data, bool legal)
    {
        Assert.That(TcControlCommand.TryParse(data, out _), Is.EqualTo(legal));
    }
}

using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;

namespace Payload.Flight.Tests.Commanding;

public sealed class CommandCodecTests
{
    [Test]
    public void Encode_then_decode_gives_the_arguments_back()
    {
        byte[] data = CommandCodec.Encode(FlightDictionary.ImageScenes, 77, ["3", "4000000000"]);

        Assert.That(CommandCodec.TryDecode(data, FlightDictionary.Commands, out DecodedCommand command, out string error), Is.True, error);
        Assert.That(command.Definition, Is.SameAs(FlightDictionary.ImageScenes));
        Assert.That(command.Tag, Is.EqualTo(77));
        Assert.That(command.Arguments, Is.EqualTo(new double[] { 3, 4_000_000_000 }));
    }

    [TestCase("16777217")]
    [TestCase("59625801")]
    [TestCase("4294967295")]
    public void U32_arguments_above_float_precision_decode_exactly(string transaction)
    {
        byte[] data = CommandCodec.Encode(FlightDictionary.ModelInstall, 1, [transaction]);

        Assert.That(CommandCodec.TryDecode(data, FlightDictionary.Commands, out DecodedCommand command, out string error), Is.True, error);
        Assert.That(command.Arguments[0], Is.EqualTo(double.Parse(transaction, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("operate", 3)]
    [TestCase("SAFE", 1)]
    [TestCase("2", 2)]
    public void Enum_arguments_take_a_name_or_an_index(string text, int expected)
    {
        byte[] data = CommandCodec.Encode(FlightDictionary.SetMode, 1, [text]);

        Assert.That(data[CommandCodec.HeaderLength], Is.EqualTo(expected));
    }

    [TestCase("SET_MODE", new string[0], "takes 1 argument")]
    [TestCase("SET_MODE", new[] { "FLYING" }, "expected one of BOOT, SAFE, IDLE, OPERATE")]
    [TestCase("SET_HOUSEKEEPING_RATE", new[] { "NaN" }, "a finite number")]
    [TestCase("IMAGE_SCENES", new[] { "70000", "1" }, "0..65535")]
    [TestCase("IMAGE_SCENES", new[] { "1", "-1" }, "0..4294967295")]
    public void Bad_arguments_are_named(string name, string[] arguments, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => CommandCodec.Encode(FlightDictionary.Document.Command(name), 1, arguments))!;

        Assert.That(e.Message, Does.Contain(message));
    }

    [TestCase(new byte[] { 0x00 }, "the opcode and tag need 4")]
    [TestCase(new byte[] { 0x7F, 0x7F, 0, 1 }, "unknown opcode 0x7F7F")]
    [TestCase(new byte[] { 0x00, 0x02, 0, 1 }, "SET_MODE arguments are 0 octets, expected 1")]
    [TestCase(new byte[] { 0x00, 0x02, 0, 1, 9 }, "SET_MODE argument mode is 9")]
    [TestCase(new byte[] { 0x00, 0x01, 0, 1, 0 }, "NOOP arguments are 1 octets, expected 0")]
    public void Undecodable_commands_say_why(byte[] data, string message)
    {
        Assert.That(CommandCodec.TryDecode(data, FlightDictionary.Commands, out _, out string error), Is.False);
        Assert.That(error, Does.Contain(message));
    }
}

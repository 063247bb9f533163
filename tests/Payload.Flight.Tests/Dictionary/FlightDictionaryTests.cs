using Payload.Flight.Dictionary;

namespace Payload.Flight.Tests.Dictionary;

public sealed class FlightDictionaryTests
{
    [Test]
    public void Export_round_trips_every_command_channel_event_and_apid()
    {
        string json = FlightDictionary.Document.ToJson();

        DictionaryDocument read = DictionaryDocument.FromJson(json);

        Assert.That(read.ToJson(), Is.EqualTo(json));
        Assert.That(read.Commands.Select(c => (c.Opcode, c.Name, c.ArgumentsLength)), Is.EqualTo(FlightDictionary.Commands.Select(c => (c.Opcode, c.Name, c.ArgumentsLength))));
        Assert.That(read.Channels, Is.EqualTo(FlightDictionary.Channels));
        Assert.That(read.Events, Is.EqualTo(FlightDictionary.Events));
        Assert.That(read.Apids, Is.EqualTo(FlightDictionary.Apids));
        Assert.That(read.Command("set_mode").Arguments.Single().Values, Is.EqualTo(new[] { "BOOT", "SAFE", "IDLE", "OPERATE" }));
    }

    [Test]
    public void Export_writes_names_and_severities_as_text()
    {
        string json = FlightDictionary.Document.ToJson();

        Assert.That(json, Does.Contain("\"name\": \"SET_MODE\""));
        Assert.That(json, Does.Contain("\"severity\": \"error\""));
        Assert.That(json, Does.Contain("\"type\": \"f32\""));
    }

    [Test]
    public void Ids_names_and_apids_are_unique()
    {
        Assert.That(FlightDictionary.Commands.Select(c => c.Opcode), Is.Unique);
        Assert.That(FlightDictionary.Commands.Select(c => c.Name), Is.Unique);
        Assert.That(FlightDictionary.Channels.Select(c => c.Id), Is.Unique);
        Assert.That(FlightDictionary.Channels.Select(c => c.Name), Is.Unique);
        Assert.That(FlightDictionary.Events.Select(e => e.Id), Is.Unique);
        Assert.That(FlightDictionary.Events.Select(e => e.Name), Is.Unique);
        Assert.That(FlightDictionary.Apids.Select(a => a.Apid), Is.Unique.And.All.InRange(0, 0x7FE));
    }

    [Test]
    public void Channel_limits_are_ordered()
    {
        Assert.That(FlightDictionary.Channels, Has.All.Matches<ChannelDefinition>(c => c.Low <= c.High));
    }

    [Test]
    public void Program_exports_the_dictionary_to_a_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"dict-{Guid.NewGuid():N}.json");
        try
        {
            int exit = Program.Main(["dictionary", "--out", file]);

            Assert.That(exit, Is.Zero);
            Assert.That(DictionaryDocument.FromJson(File.ReadAllText(file)).Commands.Count, Is.EqualTo(FlightDictionary.Commands.Count));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Malformed_dictionary_file_is_refused()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => DictionaryDocument.FromJson("{ \"commands\": 5 }"));
    }

    [Test]
    public void Unknown_command_name_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => FlightDictionary.Document.Command("LAUNCH"))!;

        Assert.That(e.Message, Does.Contain("NOOP").And.Contain("SET_MODE"));
    }
}

using Payload.Flight.Configuration;

namespace Payload.Flight.Tests.Configuration;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FlightConfigurationLoaderTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("flight-config-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Empty_object_gives_the_built_in_defaults()
    {
        FlightConfiguration configuration = FlightConfigurationLoader.Load("{}", baseDirectory: directory);

        Assert.That(configuration.Board, Is.EqualTo("sim"));
        Assert.That(configuration.Uplink, Is.EqualTo(FlightConfiguration.Defaults.Uplink));
        Assert.That(configuration.Downlink, Is.EqualTo(FlightConfiguration.Defaults.Downlink));
        Assert.That(configuration.StateFile, Does.StartWith(directory));
    }

    [Test]
    public void Downlink_bit_rate_is_read_and_defaults_to_unpaced()
    {
        FlightConfiguration paced = FlightConfigurationLoader.Load(
            """{ "downlink": { "kind": "udp", "host": "127.0.0.1", "port": 6001, "bitsPerSecond": 250000 } }""", baseDirectory: directory);
        FlightConfiguration unpaced = FlightConfigurationLoader.Load(
            """{ "downlink": { "kind": "udp", "host": "127.0.0.1", "port": 6001 } }""", baseDirectory: directory);

        Assert.That(paced.Downlink, Is.EqualTo(new LinkConfiguration(LinkKind.Udp, "127.0.0.1", 6001, BitsPerSecond: 250_000)));
        Assert.That(unpaced.Downlink.BitsPerSecond, Is.Zero);
        Assert.That(FlightConfiguration.Defaults.Downlink.BitsPerSecond, Is.Zero);
    }

    [Test]
    public void Serial_links_carry_their_line_settings()
    {
        FlightConfiguration configuration = FlightConfigurationLoader.Load(
            """{ "downlink": { "kind": "serial", "path": "/dev/null", "baud": 9600, "parity": "even", "stopBits": 2 }, "uplink": { "kind": "serial", "path": "/dev/null" } }""",
            baseDirectory: directory);

        Assert.That(configuration.Downlink.Line, Is.EqualTo(new Payload.Hal.Buses.UartSettings(9600, Payload.Hal.Buses.UartParity.Even, Payload.Hal.Buses.UartStopBits.Two)));
        Assert.That(configuration.Uplink.Line, Is.EqualTo(new Payload.Hal.Buses.UartSettings()));
    }

    [Test]
    public void Received_files_are_staged_beside_the_model_slots_unless_configured()
    {
        File.WriteAllText(Path.Combine(directory, "ground.pem"), "public key");

        FlightConfiguration beside = FlightConfigurationLoader.Load("""{ "modelSlots": "state/slots", "groundKeyFile": "ground.pem" }""", baseDirectory: directory);
        FlightConfiguration chosen = FlightConfigurationLoader.Load(
            """{ "modelSlots": "state/slots", "groundKeyFile": "ground.pem", "files": { "staging": "incoming", "entityId": 9, "ackTimeoutSeconds": 0.5 } }""", baseDirectory: directory);

        Assert.That(beside.Files.Staging, Is.EqualTo(Path.Combine(directory, "state", "staging")));
        Assert.That(chosen.Files, Is.EqualTo(new FileDeliveryConfiguration { Staging = Path.Combine(directory, "incoming"), EntityId = 9, AckTimeoutSeconds = 0.5 }));
    }

    [Test]
    public void A_full_configuration_is_read_field_for_field()
    {
        string keys = Path.Combine(directory, "keys");
        File.WriteAllText(keys, "1 000102030405060708090A0B0C0D0E0F\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(directory, "ground.pem"), "public key");
        string json = """
            { "board": "rig-example", "modelSlots": "slots", "checkpoints": "/var/cp", "stateFile": "state.json",
              "downlink": { "kind": "tcp", "host": "127.0.0.1", "port": 6000 },
              "uplink": { "kind": "udp", "host": "0.0.0.0", "port": 6001 },
              "protection": "tmr", "rates": { "healthHz": 20, "housekeepingHz": 2, "maxTilesPerSecond": 5, "temperatureLimitCelsius": 70 },
              "faults": { "maxFaults": 5, "faultWindowSeconds": 10, "maxResets": 2, "resetWindowSeconds": 100 },
              "spacecraftId": 1023, "keyFile": "keys", "groundKeyFile": "ground.pem" }
            """;

        FlightConfiguration c = FlightConfigurationLoader.Load(json, baseDirectory: directory);

        Assert.That(c.Board, Is.EqualTo("rig-example"));
        Assert.That(c.ModelSlots, Is.EqualTo(Path.Combine(directory, "slots")));
        Assert.That(c.Checkpoints, Is.EqualTo("/var/cp"));
        Assert.That(c.Downlink, Is.EqualTo(new LinkConfiguration(LinkKind.Tcp, "127.0.0.1", 6000)));
        Assert.That(c.Uplink, Is.EqualTo(new LinkConfiguration(LinkKind.Udp, "0.0.0.0", 6001)));
        Assert.That(c.Protection, Is.EqualTo(ProtectionMode.Tmr));
        Assert.That(c.Rates, Is.EqualTo(new RateConfiguration { HealthHz = 20, HousekeepingHz = 2, MaxTilesPerSecond = 5, TemperatureLimitCelsius = 70 }));
        Assert.That(c.Faults, Is.EqualTo(new FaultConfiguration { MaxFaults = 5, FaultWindowSeconds = 10, MaxResets = 2, ResetWindowSeconds = 100 }));
        Assert.That(c.SpacecraftId, Is.EqualTo(1023));
        Assert.That(c.KeyFile, Is.EqualTo(keys));
        Assert.That(c.GroundKeyFile, Is.EqualTo(Path.Combine(directory, "ground.pem")));
    }

    [TestCase("""{ "color": 1 }""", "$.color", "unknown setting")]
    [TestCase("""[1]""", "$", "expected an object")]
    [TestCase("""{ "board": "no-such-board" }""", "$.board", "neither a built-in profile")]
    [TestCase("""{ "board": 3 }""", "$.board", "expected a string")]
    [TestCase("""{ "stateFile": "" }""", "$.stateFile", "must not be empty")]
    [TestCase("""{ "spacecraftId": 1024 }""", "$.spacecraftId", "expected 0..1023")]
    [TestCase("""{ "spacecraftId": 1.5 }""", "$.spacecraftId", "expected an integer")]
    [TestCase("""{ "protection": "magic" }""", "$.protection", "not one of none, scrub, dmr, tmr")]
    [TestCase("""{ "downlink": { "kind": "pigeon" } }""", "$.downlink.kind", "not one of file, udp, tcp, serial")]
    [TestCase("""{ "downlink": { "kind": "udp", "host": "127.0.0.1", "port": 1, "bitsPerSecond": -8 } }""", "$.downlink.bitsPerSecond", "-8 is out of range; expected 0..10000000000")]
    [TestCase("""{ "downlink": { "kind": "udp", "host": "127.0.0.1", "port": 1, "bitsPerSecond": 1.5 } }""", "$.downlink.bitsPerSecond", "expected an integer")]
    [TestCase("""{ "downlink": { "kind": "file", "path": "out.cadu", "bitsPerSecond": "fast" } }""", "$.downlink.bitsPerSecond", "expected an integer")]
    [TestCase("""{ "uplink": { "kind": "udp", "host": "127.0.0.1", "port": 1, "bitsPerSecond": 9600 } }""", "$.uplink.bitsPerSecond", "unknown setting")]
    [TestCase("""{ "downlink": { "host": "127.0.0.1", "port": 1 } }""", "$.downlink.kind", "missing")]
    [TestCase("""{ "downlink": { "kind": "udp", "port": 1 } }""", "$.downlink.host", "missing")]
    [TestCase("""{ "downlink": { "kind": "udp", "host": "localhost-ish", "port": 1 } }""", "$.downlink.host", "not an IP address")]
    [TestCase("""{ "downlink": { "kind": "udp", "host": "127.0.0.1" } }""", "$.downlink.port", "missing")]
    [TestCase("""{ "uplink": { "kind": "tcp", "host": "127.0.0.1", "port": 0 } }""", "$.uplink.port", "expected 1..65535")]
    [TestCase("""{ "uplink": { "kind": "file", "path": "missing.cltu" } }""", "$.uplink.path", "does not exist")]
    [TestCase("""{ "downlink": { "kind": "serial", "path": "/dev/no-such-tty" } }""", "$.downlink.path", "does not exist")]
    [TestCase("""{ "downlink": { "kind": "file" } }""", "$.downlink.path", "missing")]
    [TestCase("""{ "downlink": { "kind": "file", "path": "" } }""", "$.downlink.path", "must not be empty")]
    [TestCase("""{ "uplink": { "kind": "udp", "host": "127.0.0.1", "port": 5, "baud": 9600 } }""", "$.uplink.baud", "unknown setting")]
    [TestCase("""{ "rates": { "healthHz": 0 } }""", "$.rates.healthHz", "out of range")]
    [TestCase("""{ "rates": { "healthHz": 10, "housekeepingHz": 20 } }""", "$.rates.housekeepingHz", "faster than healthHz")]
    [TestCase("""{ "rates": { "maxTilesPerSecond": "fast" } }""", "$.rates.maxTilesPerSecond", "expected a number")]
    [TestCase("""{ "rates": { "temperatureLimitCelsius": 200 } }""", "$.rates.temperatureLimitCelsius", "out of range")]
    [TestCase("""{ "faults": { "maxFaults": 0 } }""", "$.faults.maxFaults", "out of range")]
    [TestCase("""{ "faults": { "resetWindowSeconds": -1 } }""", "$.faults.resetWindowSeconds", "out of range")]
    [TestCase("""{ "keyFile": "absent.keys" }""", "$.keyFile", "cannot be read")]
    [TestCase("""{ "rates": 5 }""", "$.rates", "expected an object")]
    [TestCase("""{ "modelSlots": "slots" }""", "$.groundKeyFile", "model slots need the ground's public key")]
    [TestCase("""{ "groundKeyFile": "absent.pem" }""", "$.groundKeyFile", "does not exist")]
    [TestCase("""{ "modelSlots": "slots", "files": { "staging": "slots/incoming" } }""", "$.files.staging", "inside the model slots")]
    [TestCase("""{ "modelSlots": "slots", "files": { "staging": "slots" } }""", "$.files.staging", "inside the model slots")]
    [TestCase("""{ "files": { "entityId": 0 } }""", "$.files.entityId", "expected 1..65535")]
    [TestCase("""{ "files": { "nakTimeoutSeconds": 0 } }""", "$.files.nakTimeoutSeconds", "out of range")]
    [TestCase("""{ "files": { "staging": "" } }""", "$.files.staging", "must not be empty")]
    [TestCase("""{ "files": { "segment": 1 } }""", "$.files.segment", "unknown setting")]
    [TestCase("""{ "downlink": { "kind": "serial", "path": "/dev/null", "baud": 12345 } }""", "$.downlink.baud", "not a standard termios rate; expected one of 1200,")]
    [TestCase("""{ "downlink": { "kind": "serial", "path": "/dev/null", "stopBits": 3 } }""", "$.downlink.stopBits", "expected 1..2")]
    [TestCase("""{ "downlink": { "kind": "serial", "path": "/dev/null", "parity": "mark" } }""", "$.downlink.parity", "not one of none, even, odd")]
    [TestCase("""{ "downlink": { "kind": "serial", "path": "/dev/null", "port": 5 } }""", "$.downlink.port", "unknown setting")]
    public void Each_rule_reports_its_json_path(string json, string path, string message)
    {
        var e = Assert.Throws<FlightConfigurationException>(() => FlightConfigurationLoader.Load(json, baseDirectory: directory))!;

        Assert.That(e.Problems, Has.Some.Matches<ConfigurationProblem>(p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal)),
            string.Join("\n", e.Problems));
    }

    [Test]
    public void A_key_file_readable_by_others_is_refused()
    {
        string keys = Path.Combine(directory, "keys");
        File.WriteAllText(keys, "1 000102030405060708090A0B0C0D0E0F\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var e = Assert.Throws<FlightConfigurationException>(() => FlightConfigurationLoader.Load("""{ "keyFile": "keys" }""", baseDirectory: directory))!;

        Assert.That(e.Problems.Single().Path, Is.EqualTo("$.keyFile"));
        Assert.That(e.Problems.Single().Message, Does.Contain("only by its owner"));
    }

    [Test]
    public void Every_problem_is_listed_at_once()
    {
        string json = """{ "spacecraftId": -1, "protection": 1, "rates": { "healthHz": "x" }, "extra": true, "uplink": { "kind": "udp" } }""";

        var e = Assert.Throws<FlightConfigurationException>(() => FlightConfigurationLoader.Load(json, baseDirectory: directory))!;

        Assert.That(e.Problems.Select(p => p.Path), Is.SupersetOf(new[] { "$.spacecraftId", "$.protection", "$.rates.healthHz", "$.extra", "$.uplink.host", "$.uplink.port" }));
        Assert.That(e.Message, Does.Contain("$.rates.healthHz"));
    }

    [Test]
    public void Malformed_json_names_the_line()
    {
        var e = Assert.Throws<FlightConfigurationException>(() => FlightConfigurationLoader.Load("{\n \"board\": ", baseDirectory: directory))!;

        Assert.That(e.Problems.Single().Message, Does.StartWith("not valid JSON"));
    }

    [Test]
    public void Missing_file_is_a_problem_not_a_crash()
    {
        var e = Assert.Throws<FlightConfigurationException>(() => FlightConfigurationLoader.LoadFile(Path.Combine(directory, "none.json")))!;

        Assert.That(e.Problems.Single().Path, Is.EqualTo("$"));
    }
}

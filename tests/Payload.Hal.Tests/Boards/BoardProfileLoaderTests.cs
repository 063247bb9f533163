using System.Text.Json;
using System.Text.Json.Nodes;
using Payload.Hal.Boards;
using Payload.Tests.Shared;

namespace Payload.Hal.Tests.Boards;

/// <summary>One test per validation rule, each checking the JSON path and the offending value; plus all problems at once.</summary>
public class BoardProfileLoaderTests
{
    private static JsonNode SimProfile()
    {
        string text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "hal", "Boards", "profiles", "sim.json"));
        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
    }

    private static BoardProfileException Rejected(JsonNode profile) =>
        Assert.Throws<BoardProfileException>(() => BoardProfileLoader.Load(profile.ToJsonString(), "test.json"))!;

    private static void AssertSingleProblem(JsonNode profile, string path, string value, string messagePart)
    {
        BoardProfileException error = Rejected(profile);
        Assert.That(error.Problems, Has.Count.EqualTo(1), error.Message);
        Assert.That(error.Problems[0].Path, Is.EqualTo(path));
        Assert.That(error.Problems[0].Value, Is.EqualTo(value));
        Assert.That(error.Problems[0].Message, Does.Contain(messagePart));
        Assert.That(error.Message, Does.Contain(path).And.Contain(value).And.Contain("test.json"));
    }

    [TestCase("sim")]
    [TestCase("rig-example")]
    public void Shipped_profiles_load(string name)
    {
        BoardProfile profile = BoardProfileLoader.LoadBuiltIn(name);
        Assert.That(profile.Name, Is.EqualTo(name));
        Assert.That(profile.Devices.Select(d => d.Type), Is.EquivalentTo(new[] { DeviceType.Ina226, DeviceType.Tmp117, DeviceType.LoadSwitch, DeviceType.Watchdog, DeviceType.Imager }));
    }

    [Test]
    public void Rig_example_places_the_chips_at_the_documented_addresses_and_devices()
    {
        BoardProfile rig = BoardProfileLoader.LoadBuiltIn("rig-example");
        Assert.That(rig.Buses.Single(b => b.Kind == BusKind.I2c).Device, Is.EqualTo("/dev/i2c-1"));
        Assert.That(rig.Buses.Single(b => b.Kind == BusKind.Watchdog).Device, Is.EqualTo("/dev/watchdog"));
        Assert.That(rig.Devices.Single(d => d.Type == DeviceType.Ina226).Address, Is.EqualTo(0x40));
        Assert.That(rig.Devices.Single(d => d.Type == DeviceType.Tmp117).Address, Is.EqualTo(0x48));
        Assert.That(rig.Buses.Any(b => b.IsSimulated), Is.False);
    }

    [Test]
    public void Unknown_built_in_name_lists_the_known_ones()
    {
        Assert.That(() => BoardProfileLoader.LoadBuiltIn("flatsat"), Throws.ArgumentException.With.Message.Contains("flatsat").And.Message.Contains("rig-example"));
    }

    [Test]
    public void Unknown_device_type_is_reported_with_path_and_value()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![1]!["type"] = "bme280";
        AssertSingleProblem(profile, "$.devices[1].type", "\"bme280\"", "unknown device type");
    }

    [Test]
    public void Duplicate_address_on_a_bus_is_reported_with_path_value_and_first_user()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![1]!["address"] = "0x40";
        AssertSingleProblem(profile, "$.devices[1].address", "\"0x40\"", "duplicate address on bus i2c1: $.devices[0]");
    }

    [TestCase("0x78", "\"0x78\"")]
    [TestCase("0x03", "\"0x03\"")]
    [TestCase(300, "300")]
    [TestCase(-1, "-1")]
    public void Address_out_of_range_is_reported_with_path_and_value(object address, string shown)
    {
        JsonNode profile = SimProfile();
        profile["devices"]![0]!["address"] = address is string text ? JsonValue.Create(text) : JsonValue.Create((int)address);
        AssertSingleProblem(profile, "$.devices[0].address", shown, "address out of range");
    }

    [Test]
    public void Missing_bus_is_reported_with_path_and_value()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![0]!["bus"] = "i2c7";
        AssertSingleProblem(profile, "$.devices[0].bus", "\"i2c7\"", "missing bus");
    }

    [TestCase(0, "shuntOhms", 50.0, "50")]
    [TestCase(0, "maxCurrentAmps", 0.0, "0")]
    [TestCase(1, "highLimitC", 400.0, "400")]
    [TestCase(3, "timeoutSeconds", 0.5, "0.5")]
    public void Parameter_out_of_range_is_reported_with_path_and_value(int device, string parameter, double value, string shown)
    {
        JsonNode profile = SimProfile();
        profile["devices"]![device]!["parameters"]![parameter] = value;
        AssertSingleProblem(profile, $"$.devices[{device}].parameters.{parameter}", shown, "parameter out of range");
    }

    [Test]
    public void Missing_required_parameter_is_reported()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![0]!["parameters"]!.AsObject().Remove("shuntOhms");
        AssertSingleProblem(profile, "$.devices[0].parameters.shuntOhms", "(missing)", "required parameter");
    }

    [Test]
    public void Unknown_parameter_is_reported()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![0]!["parameters"]!["shuntMilliOhms"] = 10;
        AssertSingleProblem(profile, "$.devices[0].parameters.shuntMilliOhms", "10", "unknown parameter");
    }

    [Test]
    public void Device_on_the_wrong_kind_of_bus_is_reported()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![0]!["bus"] = "gpio0";
        AssertSingleProblem(profile, "$.devices[0].bus", "\"gpio0\"", "I2C bus, not GPIO");
    }

    [Test]
    public void Unknown_bus_kind_is_reported()
    {
        JsonNode profile = SimProfile();
        profile["buses"]![2]!["kind"] = "can";
        BoardProfileException error = Rejected(profile);
        Assert.That(error.Problems[0], Is.EqualTo(new BoardProfileProblem("$.buses[2].kind", "\"can\"", error.Problems[0].Message)));
        Assert.That(error.Problems[0].Message, Does.Contain("unknown bus kind"));
    }

    [Test]
    public void Rail_referring_to_a_missing_device_is_reported()
    {
        JsonNode profile = SimProfile();
        profile["rails"]![0]!["monitor"] = "ina-x";
        AssertSingleProblem(profile, "$.rails[0].monitor", "\"ina-x\"", "no device of that name");
    }

    [Test]
    public void Rail_referring_to_a_device_of_the_wrong_type_is_reported()
    {
        JsonNode profile = SimProfile();
        profile["rails"]![0]!["monitor"] = "accel-temp";
        AssertSingleProblem(profile, "$.rails[0].monitor", "\"accel-temp\"", "expected a Ina226");
    }

    [Test]
    public void Every_problem_is_reported_at_once_in_document_order()
    {
        JsonNode profile = SimProfile();
        profile["devices"]![0]!["address"] = "0x90";
        profile["devices"]![1]!["type"] = "lm75";
        profile["devices"]![2]!["bus"] = "gpio9";
        profile["devices"]![3]!["parameters"]!["timeoutSeconds"] = 0;
        BoardProfileException error = Rejected(profile);
        Assert.That(error.Problems.Select(p => p.Path), Is.EqualTo(new[]
        {
            "$.devices[0].address", "$.devices[1].type", "$.devices[2].bus", "$.devices[3].parameters.timeoutSeconds",
        }));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("[]")]
    [TestCase("{ \"name\": \"x\" }")]
    public void Truncated_or_empty_documents_are_rejected(string json)
    {
        Assert.That(() => BoardProfileLoader.Load(json, "broken.json"),
            Throws.TypeOf<BoardProfileException>().With.Message.Contains("broken.json").And.Property(nameof(BoardProfileException.Problems)).Not.Empty);
    }
}

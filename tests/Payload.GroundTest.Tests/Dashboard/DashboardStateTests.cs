using System.Text.Json;
using Payload.GroundTest.Dashboard;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Dashboard;

public sealed class DashboardStateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public void New_subscriber_gets_the_current_state_first_then_each_change()
    {
        DashboardState state = new();
        state.AddHousekeeping(Start, "ACCEL_TEMPERATURE", 41.5);
        state.AddEvent(Start, "MODE_CHANGED", "mode BOOT -> IDLE: boot done");
        state.AddProduct(Product("s000001-t0000-classmap", 1));
        state.SetStatistic(DashboardState.LinkGroup, "corrected symbols", "12");

        using DashboardSubscription subscription = state.Subscribe();
        state.AddHousekeeping(Start.AddSeconds(1), "ACCEL_TEMPERATURE", 42);

        Assert.That(subscription.Snapshot.Select(m => m.Event), Is.EqualTo(new[] { "reset", "hk", "product", "event", "stat" }));
        Assert.That(subscription.Changes.TryRead(out DashboardMessage change), Is.True);
        Assert.That(change.Event, Is.EqualTo("hk"));
        Assert.That(Points(change), Is.EqualTo(new[] { 42.0 }));
    }

    [Test]
    public void Subscriber_that_comes_back_gets_everything_including_what_happened_while_it_was_away()
    {
        DashboardState state = new();
        state.AddHousekeeping(Start, "UPTIME", 1);
        DashboardSubscription first = state.Subscribe();
        first.Dispose();
        state.AddHousekeeping(Start.AddSeconds(1), "UPTIME", 2);
        state.AddEvent(Start.AddSeconds(1), "HARDWARE", "imager: ready");

        using DashboardSubscription again = state.Subscribe();

        Assert.That(first.Changes.Completion.IsCompleted, Is.True, "a disposed subscription ends its stream");
        Assert.That(Points(again.Snapshot.Single(m => m.Event == "hk")), Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(again.Snapshot.Single(m => m.Event == "event").Data, Does.Contain("imager: ready"));
    }

    [TestCase(0, "BOOT")]
    [TestCase(1, "SAFE")]
    [TestCase(2, "IDLE")]
    [TestCase(3, "OPERATE")]
    public void Mode_channel_sets_the_mode_status(double value, string mode)
    {
        DashboardState state = new();

        state.AddHousekeeping(Start, "MODE", value);

        Assert.That(state.Status("mode"), Is.EqualTo(mode));
    }

    [TestCase(7)]
    [TestCase(1.5)]
    [TestCase(-1)]
    public void Mode_channel_value_outside_the_modes_sets_no_status(double value)
    {
        DashboardState state = new();

        state.AddHousekeeping(Start, "MODE", value);

        Assert.That(state.Status("mode"), Is.Null);
    }

    [TestCase(0, "built-in default")]
    [TestCase(1, "A")]
    [TestCase(2, "B")]
    public void Active_model_channel_sets_the_slot_status(double value, string slot)
    {
        DashboardState state = new();

        state.AddHousekeeping(Start, "ACTIVE_MODEL", value);

        Assert.That(state.Status("slot"), Is.EqualTo(slot));
    }

    [TestCase("CADUS_SENT", DashboardState.LinkGroup)]
    [TestCase("link.corrected_symbols_total", DashboardState.LinkGroup)]
    [TestCase("GROUND_CORRECTED_SYMBOLS", DashboardState.LinkGroup)]
    [TestCase("FAULT_COUNT", DashboardState.ProtectionGroup)]
    [TestCase("CHECKPOINTS_WRITTEN", DashboardState.ProtectionGroup)]
    [TestCase("TILES_RESENT", DashboardState.LinkGroup)]
    [TestCase("protection.votes_disagreed", DashboardState.ProtectionGroup)]
    public void Link_and_protection_channels_also_become_statistics(string channel, string group)
    {
        DashboardState state = new();

        state.AddHousekeeping(Start, channel, 17);

        using DashboardSubscription subscription = state.Subscribe();
        JsonElement stat = JsonDocument.Parse(subscription.Snapshot.Single(m => m.Event == "stat").Data).RootElement;
        Assert.That(stat.GetProperty("group").GetString(), Is.EqualTo(group));
        Assert.That(stat.GetProperty("name").GetString(), Is.EqualTo(channel));
        Assert.That(stat.GetProperty("value").GetString(), Is.EqualTo("17"));
    }

    [Test]
    public void Series_keeps_only_its_latest_points()
    {
        DashboardState state = new();
        for (int i = 0; i < DashboardState.MaxPointsPerChannel + 100; i++)
        {
            state.AddHousekeeping(Start.AddSeconds(i), "UPTIME", i);
        }

        using DashboardSubscription subscription = state.Subscribe();
        double[] points = Points(subscription.Snapshot.Single(m => m.Event == "hk"));

        Assert.That(points, Has.Length.EqualTo(DashboardState.MaxPointsPerChannel));
        Assert.That(points[0], Is.EqualTo(100));
    }

    [Test]
    public void Products_of_a_newer_scene_push_out_the_oldest_scene()
    {
        DashboardState state = new();
        for (uint scene = 1; scene <= DashboardState.MaxScenes; scene++)
        {
            state.AddProduct(Product($"s{scene:D6}-t0000-classmap", scene));
        }

        using DashboardSubscription subscription = state.Subscribe();
        state.AddProduct(Product("s000099-t0000-classmap", 99));

        Assert.That(state.Product("s000001-t0000-classmap"), Is.Null);
        Assert.That(state.Product("s000002-t0000-classmap"), Is.Not.Null);
        Assert.That(state.Product("s000099-t0000-classmap"), Is.Not.Null);
        Assert.That(subscription.Changes.TryRead(out DashboardMessage dropped), Is.True);
        Assert.That(dropped, Is.EqualTo(new DashboardMessage("scene-dropped", """{"sceneId":1}""")));
    }

    [Test]
    public void Oldest_alert_leaves_with_its_thumbnail()
    {
        DashboardState state = new();
        for (int i = 0; i <= DashboardState.MaxAlerts; i++)
        {
            string thumbnail = $"s{i:D6}-t0003-alert";
            state.AddProduct(Product(thumbnail, (uint)i) with { Kind = ProductKind.Alert });
            state.AddAlert(new DashboardAlert((uint)i, 3, 256, 0, "water", 0.6, 0.9, 120, Start, thumbnail));
        }

        using DashboardSubscription subscription = state.Subscribe();

        Assert.That(subscription.Snapshot.Count(m => m.Event == "alert"), Is.EqualTo(DashboardState.MaxAlerts));
        Assert.That(state.Product("s000000-t0003-alert"), Is.Null);
        Assert.That(state.Product("s000001-t0003-alert"), Is.Not.Null);
        Assert.That(subscription.Snapshot.Any(m => m.Event == "product"), Is.False, "alert thumbnails are shown with their alert, not as products");
    }

    [Test]
    public void Subscriber_that_falls_too_far_behind_is_ended_so_it_reconnects_for_a_fresh_state()
    {
        DashboardState state = new();
        using DashboardSubscription slow = state.Subscribe();

        for (int i = 0; i <= DashboardState.SubscriberBacklog; i++)
        {
            state.AddEvent(Start, "test", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        int read = 0;
        while (slow.Changes.TryRead(out _))
        {
            read++;
        }

        Assert.That(read, Is.EqualTo(DashboardState.SubscriberBacklog));
        Assert.That(slow.Changes.Completion.IsCompleted, Is.True);
    }

    [Test]
    public void Class_legend_pairs_each_class_with_its_palette_colour_and_is_replayed()
    {
        DashboardState state = new();

        state.SetClasses(["water", "land"], [0x10, 0x20, 0x30, 0xA0, 0xB0, 0xC0]);

        using DashboardSubscription subscription = state.Subscribe();
        Assert.That(subscription.Snapshot[1].Event, Is.EqualTo("classes"));
        Assert.That(subscription.Snapshot[1].Data, Is.EqualTo("""{"classes":[{"name":"water","color":"#102030"},{"name":"land","color":"#A0B0C0"}]}"""));
    }

    [Test]
    public void Class_legend_with_fewer_colours_than_classes_is_refused() =>
        Assert.That(() => new DashboardState().SetClasses(["water", "land"], [1, 2, 3]), Throws.ArgumentException.With.Message.Contain("1 colours for 2 classes"));

    [Test]
    public void Event_text_with_quotes_and_line_breaks_stays_one_json_line()
    {
        DashboardState state = new();

        state.AddEvent(Start, "MODEL_PROBLEM", "bad \"model\"\nsecond line");

        using DashboardSubscription subscription = state.Subscribe();
        string data = subscription.Snapshot.Single(m => m.Event == "event").Data;
        Assert.That(data, Does.Not.Contain('\n'));
        Assert.That(JsonDocument.Parse(data).RootElement.GetProperty("message").GetString(), Is.EqualTo("bad \"model\"\nsecond line"));
    }

    private static DashboardProduct Product(string name, uint scene) =>
        new(name, ProductKind.ClassMap, scene, 0, 0, 0, 2, 2, Start, [1, 2, 3]);

    private static double[] Points(DashboardMessage message) =>
        [.. JsonDocument.Parse(message.Data).RootElement.GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble())];
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Payload.Flight.Dictionary;
using Payload.Flight.Executive;
using Payload.GroundTest.Imaging;
using Payload.GroundTest.Output;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// What the dashboard shows, fed by a finished run folder (<see cref="RunFolderFeed"/>) or a live session: housekeeping
/// series, the products of the latest scenes, alerts, events, link and protection statistics and the flight status
/// (mode, model, slot). Every change is pushed to the subscribers as a <see cref="DashboardMessage"/>; a new subscriber
/// first gets the whole current state, so a browser that reconnects sees everything again. Calls may come from any thread.
/// </summary>
internal sealed class DashboardState
{
    /// <summary>Points kept per housekeeping channel (the oldest go first).</summary>
    public const int MaxPointsPerChannel = 600;

    /// <summary>Scenes whose products are kept and shown; a newer scene pushes the oldest out.</summary>
    public const int MaxScenes = 4;

    /// <summary>Alerts (and their thumbnails) kept.</summary>
    public const int MaxAlerts = 50;

    /// <summary>Events kept.</summary>
    public const int MaxEvents = 200;

    /// <summary>Messages a subscriber may fall behind before it is dropped (its browser reconnects and gets the state again).</summary>
    public const int SubscriberBacklog = 4096;

    /// <summary>Statistic groups the page shows as tables.</summary>
    public const string LinkGroup = "link";

    public const string ProtectionGroup = "protection";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<(long Time, double Value)>> _housekeeping = new(StringComparer.Ordinal);
    private readonly List<uint> _scenes = [];
    private readonly Dictionary<string, DashboardProduct> _products = new(StringComparer.Ordinal);
    private readonly Queue<(DashboardAlert Alert, string Json)> _alerts = new();
    private readonly Queue<string> _events = new();
    private readonly Dictionary<(string Group, string Name), string> _statistics = [];
    private readonly Dictionary<string, string> _status = new(StringComparer.Ordinal);
    private readonly List<Channel<DashboardMessage>> _subscribers = [];
    private DashboardMessage? _classes;

    /// <summary>The product image called <paramref name="name"/>, while it is kept.</summary>
    public DashboardProduct? Product(string name)
    {
        lock (_lock)
        {
            return _products.GetValueOrDefault(name);
        }
    }

    /// <summary>The current value of a status field (mode, model, slot), or null.</summary>
    public string? Status(string name)
    {
        lock (_lock)
        {
            return _status.GetValueOrDefault(name);
        }
    }

    /// <summary>
    /// Records one housekeeping reading. The flight's MODE and ACTIVE_MODEL channels also set the mode and slot status;
    /// link and protection channels also set their statistic.
    /// </summary>
    public void AddHousekeeping(DateTimeOffset time, string channel, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        long t = time.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (!_housekeeping.TryGetValue(channel, out Queue<(long, double)>? series))
            {
                series = new Queue<(long, double)>();
                _housekeeping[channel] = series;
            }

            if (series.Count == MaxPointsPerChannel)
            {
                series.Dequeue();
            }

            series.Enqueue((t, value));
            Publish(new DashboardMessage("hk", SeriesJson(channel, [(t, value)])));
            if (StatusOf(channel, value) is { } status)
            {
                SetStatusLocked(status.Name, status.Value);
            }

            if (DashboardChannels.GroupOf(channel) is { } group)
            {
                SetStatisticLocked(group, channel, value.ToString("0.###", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Records one event (kind: the event's name or where it came from).</summary>
    public void AddEvent(DateTimeOffset time, string kind, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(message);
        string json = JsonObjectText.Write(w =>
        {
            w.WriteNumber("t", time.ToUnixTimeMilliseconds());
            w.WriteString("kind", kind);
            w.WriteString("message", message);
        });
        lock (_lock)
        {
            if (_events.Count == MaxEvents)
            {
                _events.Dequeue();
            }

            _events.Enqueue(json);
            Publish(new DashboardMessage("event", json));
        }
    }

    /// <summary>Keeps a product for the page; a product of a scene newer than the last <see cref="MaxScenes"/> drops the oldest scene's products.</summary>
    public void AddProduct(DashboardProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        lock (_lock)
        {
            if (product.Kind != ProductKind.Alert && !_scenes.Contains(product.SceneId))
            {
                if (_scenes.Count == MaxScenes)
                {
                    DropScene(_scenes[0]);
                }

                _scenes.Add(product.SceneId);
            }

            _products[product.Name] = product;
            if (product.Kind != ProductKind.Alert)
            {
                Publish(new DashboardMessage("product", ProductJson(product)));
            }
        }
    }

    /// <summary>Lists an alert; its thumbnail, if any, must have been added with <see cref="AddProduct"/>.</summary>
    public void AddAlert(DashboardAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        string json = JsonObjectText.Write(w =>
        {
            w.WriteNumber("sceneId", alert.SceneId);
            w.WriteNumber("tileId", alert.TileId);
            w.WriteNumber("x", alert.X);
            w.WriteNumber("y", alert.Y);
            w.WriteString("className", alert.ClassName);
            w.WriteNumber("areaFraction", alert.AreaFraction);
            w.WriteNumber("confidence", alert.Confidence);
            w.WriteNumber("latencyMs", Math.Round(alert.LatencyMs, 3));
            w.WriteNumber("t", alert.ReceivedAt.ToUnixTimeMilliseconds());
            if (alert.ThumbnailProduct is { } thumbnail)
            {
                w.WriteString("thumbnail", thumbnail);
            }
        });
        lock (_lock)
        {
            if (_alerts.Count == MaxAlerts)
            {
                (DashboardAlert oldest, _) = _alerts.Dequeue();
                if (oldest.ThumbnailProduct is { } old)
                {
                    _products.Remove(old);
                }
            }

            _alerts.Enqueue((alert, json));
            Publish(new DashboardMessage("alert", json));
        }
    }

    /// <summary>Sets one figure of a statistics table (<see cref="LinkGroup"/>, <see cref="ProtectionGroup"/>, or another group).</summary>
    public void SetStatistic(string group, string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            SetStatisticLocked(group, name, value);
        }
    }

    /// <summary>Sets a status field the page shows at the top: <c>mode</c>, <c>model</c>, <c>slot</c>, <c>source</c>.</summary>
    public void SetStatus(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            SetStatusLocked(name, value);
        }
    }

    /// <summary>Sets the class names and their colours (the class maps' palette) for the page's legend.</summary>
    public void SetClasses(IReadOnlyList<string> names, byte[] palette)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(palette);
        if (palette.Length < names.Count * 3)
        {
            throw new ArgumentException($"Palette has {palette.Length / 3} colours for {names.Count} classes.", nameof(palette));
        }

        DashboardMessage message = new("classes", JsonObjectText.Write(w =>
        {
            w.WriteStartArray("classes");
            for (int k = 0; k < names.Count; k++)
            {
                w.WriteStartObject();
                w.WriteString("name", names[k]);
                w.WriteString("color", ClassPalette.Css(palette, k));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }));
        lock (_lock)
        {
            _classes = message;
            Publish(message);
        }
    }

    /// <summary>
    /// Starts a subscription: its first messages are the current state (a <c>reset</c>, then every series, product,
    /// alert, event, statistic and status), followed by every change from then on, in order.
    /// </summary>
    public DashboardSubscription Subscribe()
    {
        Channel<DashboardMessage> channel = Channel.CreateBounded<DashboardMessage>(new BoundedChannelOptions(SubscriberBacklog)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        List<DashboardMessage> snapshot = [new DashboardMessage("reset", "{}")];
        lock (_lock)
        {
            if (_classes is { } classes)
            {
                snapshot.Add(classes);
            }

            foreach ((string name, string value) in _status)
            {
                snapshot.Add(new DashboardMessage("status", StatusJson(name, value)));
            }

            foreach ((string channelName, Queue<(long Time, double Value)> series) in _housekeeping)
            {
                snapshot.Add(new DashboardMessage("hk", SeriesJson(channelName, series)));
            }

            foreach (DashboardProduct product in _products.Values.Where(p => p.Kind != ProductKind.Alert))
            {
                snapshot.Add(new DashboardMessage("product", ProductJson(product)));
            }

            snapshot.AddRange(_alerts.Select(a => new DashboardMessage("alert", a.Json)));
            snapshot.AddRange(_events.Select(e => new DashboardMessage("event", e)));
            foreach (((string group, string name), string value) in _statistics)
            {
                snapshot.Add(new DashboardMessage("stat", StatisticJson(group, name, value)));
            }

            _subscribers.Add(channel);
        }

        return new DashboardSubscription(snapshot, channel.Reader, () => Unsubscribe(channel));
    }

    private void Unsubscribe(Channel<DashboardMessage> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    // Called under the lock, so every subscriber sees changes in one order after its snapshot.
    private void Publish(DashboardMessage message)
    {
        for (int i = _subscribers.Count - 1; i >= 0; i--)
        {
            if (!_subscribers[i].Writer.TryWrite(message))
            {
                _subscribers[i].Writer.TryComplete();
                _subscribers.RemoveAt(i);
            }
        }
    }

    private void DropScene(uint sceneId)
    {
        _scenes.Remove(sceneId);
        foreach (string name in _products.Values.Where(p => p.SceneId == sceneId && p.Kind != ProductKind.Alert).Select(p => p.Name).ToList())
        {
            _products.Remove(name);
        }

        Publish(new DashboardMessage("scene-dropped", JsonObjectText.Write(w => w.WriteNumber("sceneId", sceneId))));
    }

    private void SetStatisticLocked(string group, string name, string value)
    {
        if (_statistics.TryGetValue((group, name), out string? old) && old == value)
        {
            return;
        }

        _statistics[(group, name)] = value;
        Publish(new DashboardMessage("stat", StatisticJson(group, name, value)));
    }

    private void SetStatusLocked(string name, string value)
    {
        if (_status.TryGetValue(name, out string? old) && old == value)
        {
            return;
        }

        _status[name] = value;
        Publish(new DashboardMessage("status", StatusJson(name, value)));
    }

    private static (string Name, string Value)? StatusOf(string channel, double value)
    {
        if (channel == FlightDictionary.ModeChannel.Name && value >= 0 && value <= (int)FlightMode.Operate && value == Math.Floor(value))
        {
            return ("mode", ((FlightMode)(int)value).ToString().ToUpperInvariant());
        }

        if (channel == FlightDictionary.ActiveModelChannel.Name)
        {
            // Channel values: 0 built-in default, 1 slot A, 2 slot B (FlightDictionary.ActiveModelChannel).
            return ("slot", value switch { 0 => "built-in default", 1 => "A", 2 => "B", _ => value.ToString(CultureInfo.InvariantCulture) });
        }

        return null;
    }

    private static string SeriesJson(string channel, IEnumerable<(long Time, double Value)> points) => JsonObjectText.Write(w =>
    {
        w.WriteString("channel", channel);
        w.WriteStartArray("points");
        foreach ((long t, double v) in points)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t);
            if (double.IsFinite(v))
            {
                w.WriteNumberValue(v);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    });

    private static string ProductJson(DashboardProduct p) => JsonObjectText.Write(w =>
    {
        w.WriteString("name", p.Name);
        w.WriteString("kind", p.Kind.ToString());
        w.WriteNumber("sceneId", p.SceneId);
        w.WriteBoolean("wholeScene", p.TileId == ProductHeader.WholeScene);
        w.WriteNumber("tileId", p.TileId);
        w.WriteNumber("x", p.X);
        w.WriteNumber("y", p.Y);
        w.WriteNumber("width", p.Width);
        w.WriteNumber("height", p.Height);
        w.WriteNumber("t", p.ReceivedAt.ToUnixTimeMilliseconds());
    });

    private static string StatisticJson(string group, string name, string value) => JsonObjectText.Write(w =>
    {
        w.WriteString("group", group);
        w.WriteString("name", name);
        w.WriteString("value", value);
    });

    private static string StatusJson(string name, string value) => JsonObjectText.Write(w =>
    {
        w.WriteString("name", name);
        w.WriteString("value", value);
    });
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Payload.GroundTest.Dashboard;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Dashboard;

public sealed class DashboardServerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private DashboardState _state = null!;
    private DashboardServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartServer()
    {
        _state = new DashboardState();
        _state.AddHousekeeping(Start, "ACCEL_TEMPERATURE", 40.25);
        _state.AddProduct(new DashboardProduct("s000001-t0000-classmap", ProductKind.ClassMap, 1, 0, 0, 0, 2, 2, Start, [0x89, 0x50, 0x4E, 0x47]));
        _server = await DashboardServer.StartAsync(_state, uplink: null, port: 0, CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.Address, Timeout = Patience };
    }

    [TearDown]
    public async Task StopServer()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public void Listens_on_the_loopback_address_at_the_port_it_picked()
    {
        Assert.That(_server.Address.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_server.Address.Port, Is.GreaterThan(0));
    }

    [Test]
    public async Task Page_is_one_self_contained_html_document()
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri("/", UriKind.Relative));
        string html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("new EventSource(\"/events\")"));
        Assert.That(html, Does.Not.Contain("src=\"http").And.Not.Contain("<script src").And.Not.Contain("<link"));
    }

    [Test]
    public async Task Event_stream_starts_with_the_whole_state_and_then_sends_changes()
    {
        using CancellationTokenSource patience = new(Patience);
        using HttpResponseMessage response = await _http.GetAsync(new Uri("/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, patience.Token);
        using StreamReader stream = new(await response.Content.ReadAsStreamAsync(patience.Token));

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        List<(string Event, string Data)> first = await ReadUntil(stream, "product", patience.Token);
        Assert.That(first.Select(m => m.Event), Is.EqualTo(new[] { "reset", "commands", "hk", "product" }));
        Assert.That(JsonDocument.Parse(first[1].Data).RootElement.GetProperty("enabled").GetBoolean(), Is.False, "a finished run has no uplink");

        _state.AddHousekeeping(Start.AddSeconds(1), "ACCEL_TEMPERATURE", 41.5);
        List<(string Event, string Data)> next = await ReadUntil(stream, "hk", patience.Token);
        Assert.That(next.Single().Data, Does.Contain("41.5"));
    }

    [Test]
    public async Task Reconnecting_stream_replays_the_state_with_what_changed_meanwhile()
    {
        using CancellationTokenSource patience = new(Patience);
        using (HttpResponseMessage first = await _http.GetAsync(new Uri("/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, patience.Token))
        using (StreamReader stream = new(await first.Content.ReadAsStreamAsync(patience.Token)))
        {
            await ReadUntil(stream, "product", patience.Token);
        }

        _state.AddEvent(Start.AddSeconds(2), "MODE_CHANGED", "mode IDLE -> OPERATE: commanded");
        using HttpResponseMessage again = await _http.GetAsync(new Uri("/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, patience.Token);
        using StreamReader replay = new(await again.Content.ReadAsStreamAsync(patience.Token));

        List<(string Event, string Data)> messages = await ReadUntil(replay, "event", patience.Token);
        Assert.That(messages.Select(m => m.Event), Is.EqualTo(new[] { "reset", "commands", "hk", "product", "event" }));
        Assert.That(JsonDocument.Parse(messages[^1].Data).RootElement.GetProperty("message").GetString(), Is.EqualTo("mode IDLE -> OPERATE: commanded"));
    }

    [Test]
    public async Task Product_image_is_served_as_png_while_it_is_kept()
    {
        using HttpResponseMessage kept = await _http.GetAsync(new Uri("/products/s000001-t0000-classmap.png", UriKind.Relative));
        using HttpResponseMessage unknown = await _http.GetAsync(new Uri("/products/s000009-t0000-classmap.png", UriKind.Relative));

        Assert.That(kept.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        Assert.That(await kept.Content.ReadAsByteArrayAsync(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Command_to_a_finished_run_is_refused_as_read_only()
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync(new Uri("/commands", UriKind.Relative), new { name = "SET_MODE", args = new[] { "IDLE" } });
        JsonElement answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(answer.GetProperty("completed").GetBoolean(), Is.False);
        Assert.That(answer.GetProperty("stage").GetString(), Is.EqualTo("ReadOnly"));
    }

    [Test]
    public async Task Port_in_use_is_an_io_error_naming_the_port()
    {
        using TcpListener taken = new(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        IOException? error = null;
        try
        {
            await using DashboardServer second = await DashboardServer.StartAsync(new DashboardState(), null, port, CancellationToken.None);
        }
        catch (IOException e)
        {
            error = e;
        }

        Assert.That(error?.Message, Does.Contain($"127.0.0.1:{port}"));
    }

    // Reads server-sent events until one named `last` arrives; returns them in order.
    private static async Task<List<(string Event, string Data)>> ReadUntil(StreamReader stream, string last, CancellationToken cancellationToken)
    {
        List<(string, string)> messages = [];
        string name = "message";
        StringBuilder data = new();
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    messages.Add((name, data.ToString()));
                    if (name == last)
                    {
                        return messages;
                    }
                }

                (name, data) = ("message", data.Clear());
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        throw new EndOfStreamException($"Event stream ended before a '{last}' event; got {string.Join(", ", messages.Select(m => m.Item1))}.");
    }
}

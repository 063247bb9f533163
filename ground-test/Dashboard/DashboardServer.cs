using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Output;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// The live dashboard on 127.0.0.1: <c>/</c> the page, <c>/events</c> the state as server-sent events,
/// <c>/products/NAME.png</c> product images, <c>POST /commands</c> a command through the session's uplink
/// (<c>{"name":"SET_MODE","args":["IDLE"]}</c>, answered with its outcome). Read-only without an uplink.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>Commands the page offers: mode changes, the model slots and a link check.</summary>
    public static IReadOnlyList<CommandDefinition> OfferedCommands { get; } =
        [FlightDictionary.SetMode, FlightDictionary.ModelActivate, FlightDictionary.ModelRollBack, FlightDictionary.ModelList, FlightDictionary.Noop];

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private DashboardServer(WebApplication app) => _app = app;

    /// <summary>The page's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts serving <paramref name="state"/> on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    /// <exception cref="IOException">The port is taken or cannot be bound.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardState state, IDashboardUplink? uplink, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CommandLineHostLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();
        DashboardServer server = new(app);
        DashboardMessage commands = CommandsMessage(uplink is not null);

        app.MapGet("/", () => Results.Bytes(DashboardPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/events", (HttpContext context) => DashboardEventStream.WriteAsync(context, state, commands, server._stopping.Token));
        app.MapGet("/products/{name}.png", (string name) => state.Product(name) is { } product ? Results.Bytes(product.Png, "image/png") : Results.NotFound());
        app.MapPost("/commands", (HttpContext context, CancellationToken requestAborted) => Command(context, state, uplink, requestAborted));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"Dashboard cannot listen on 127.0.0.1:{port}: {e.Message}", e);
        }

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(new Uri(bound), "/");
        return server;
    }

    /// <summary>Ends the event streams and stops the server.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static async Task<IResult> Command(HttpContext context, DashboardState state, IDashboardUplink? uplink, CancellationToken requestAborted)
    {
        if (uplink is null)
        {
            return Results.Json(new Answer(false, "ReadOnly", "this dashboard shows a finished run: there is no uplink to command"), statusCode: StatusCodes.Status409Conflict);
        }

        string name;
        List<string> arguments = [];
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: requestAborted).ConfigureAwait(false);
            name = body.RootElement.GetProperty("name").GetString() ?? "";
            if (body.RootElement.TryGetProperty("args", out JsonElement args))
            {
                arguments.AddRange(args.EnumerateArray().Select(a => a.GetString() ?? ""));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Results.Json(new Answer(false, "BadRequest", $"command body is not {{\"name\":\"CMD\",\"args\":[...]}}: {e.Message}"), statusCode: StatusCodes.Status400BadRequest);
        }

        if (!OfferedCommands.Any(c => c.Name == name))
        {
            return Results.Json(new Answer(false, "BadRequest", $"command '{name}' is not offered by the dashboard (offered: {string.Join(", ", OfferedCommands.Select(c => c.Name))})"), statusCode: StatusCodes.Status400BadRequest);
        }

        string line = string.Join(' ', [name, .. arguments]);
        DashboardCommandOutcome outcome;
        try
        {
            outcome = await uplink.SendAsync(name, arguments, requestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return Results.Json(new Answer(false, "BadRequest", e.Message), statusCode: StatusCodes.Status400BadRequest);
        }

        state.AddEvent(DateTimeOffset.UtcNow, "command", $"{line}: {outcome.Stage}{(outcome.Detail.Length > 0 ? " (" + outcome.Detail + ")" : "")}");
        return Results.Json(new Answer(outcome.Completed, outcome.Stage, outcome.Detail));
    }

    private static DashboardMessage CommandsMessage(bool enabled) => new("commands", JsonObjectText.Write(w =>
    {
        w.WriteBoolean("enabled", enabled);
        w.WriteStartArray("commands");
        foreach (CommandDefinition command in OfferedCommands)
        {
            w.WriteStartObject();
            w.WriteString("name", command.Name);
            w.WriteString("description", command.Description);
            w.WriteStartArray("args");
            foreach (CommandArgument argument in command.Arguments)
            {
                w.WriteStartObject();
                w.WriteString("name", argument.Name);
                w.WriteStartArray("values");
                foreach (string value in argument.Values ?? [])
                {
                    w.WriteStringValue(value);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }));

    /// <summary>The JSON answer to a command: <c>{"completed":true,"stage":"Completed","detail":""}</c>.</summary>
    private sealed record Answer(bool Completed, string Stage, string Detail);
}

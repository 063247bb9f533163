using Payload.GroundTest.Station;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// The dashboard of <c>ground-test run --dashboard</c>: state, session feed and server for one live session, started
/// together and stopped together. The page's commands go through the session's uplink.
/// </summary>
internal sealed class LiveDashboard : IAsyncDisposable
{
    /// <summary>How long a command from the page waits for its final acknowledgement.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly GroundSessionFeed _feed;
    private readonly DashboardServer _server;

    private LiveDashboard(DashboardState state, GroundSessionFeed feed, DashboardServer server)
    {
        State = state;
        _feed = feed;
        _server = server;
    }

    public DashboardState State { get; }

    /// <summary>The page's address on 127.0.0.1.</summary>
    public Uri Address => _server.Address;

    /// <summary>Starts feeding from <paramref name="session"/> and serving on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    /// <exception cref="IOException">The port cannot be bound.</exception>
    public static async Task<LiveDashboard> StartAsync(GroundSession session, string model, IReadOnlyList<string> classNames, int port, CancellationToken cancellationToken)
    {
        DashboardState state = new();
        GroundSessionFeed feed = new(session, state, model, classNames, CommandTimeout);
        try
        {
            return new LiveDashboard(state, feed, await DashboardServer.StartAsync(state, feed, port, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            feed.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _feed.Dispose();
    }
}

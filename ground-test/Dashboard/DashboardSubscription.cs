using System.Threading.Channels;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// One subscriber of <see cref="DashboardState"/>: the state when it subscribed, then the changes since. The reader
/// completes when the subscriber fell too far behind; dispose to stop receiving.
/// </summary>
internal sealed class DashboardSubscription(IReadOnlyList<DashboardMessage> snapshot, ChannelReader<DashboardMessage> changes, Action unsubscribe) : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    public IReadOnlyList<DashboardMessage> Snapshot { get; } = snapshot;

    public ChannelReader<DashboardMessage> Changes { get; } = changes;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}

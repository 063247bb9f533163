namespace Payload.GroundTest.Dashboard;

/// <summary>
/// Where the dashboard's commands go: the live session's authenticated uplink, the same path the CLI's commands take.
/// A dashboard over a finished run has none and is read-only.
/// </summary>
internal interface IDashboardUplink
{
    /// <summary>Encodes the dictionary command <paramref name="name"/> with its arguments, sends it and waits for its final acknowledgement.</summary>
    /// <exception cref="ArgumentException">The command is not in the dictionary or an argument does not fit it.</exception>
    Task<DashboardCommandOutcome> SendAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

using Payload.Flight.Dictionary;

namespace Payload.GroundTest.Dashboard;

/// <summary>Which housekeeping channels the dashboard also lists as link or protection statistics.</summary>
internal static class DashboardChannels
{
    private static readonly HashSet<string> Link = new(StringComparer.Ordinal)
    {
        FlightDictionary.CltusReceivedChannel.Name,
        FlightDictionary.CltusRejectedChannel.Name,
        FlightDictionary.CommandsExecutedChannel.Name,
        FlightDictionary.CommandsFailedChannel.Name,
        FlightDictionary.CadusSentChannel.Name,
        FlightDictionary.DownlinkQueueChannel.Name,
        FlightDictionary.FarmVrChannel.Name,
        FlightDictionary.ProductBacklogChannel.Name,
        FlightDictionary.TilesResentChannel.Name,
    };

    private static readonly HashSet<string> Protection = new(
        [
            FlightDictionary.LatchUpCyclesChannel.Name,
            FlightDictionary.FaultCountChannel.Name,
            FlightDictionary.WatchdogKicksChannel.Name,
            FlightDictionary.WatchdogWithheldChannel.Name,
            FlightDictionary.AllowedTileRateChannel.Name,
            FlightDictionary.CheckpointsWrittenChannel.Name,
            .. FlightDictionary.ProtectionChannels.Select(c => c.Name),
        ],
        StringComparer.Ordinal);

    /// <summary>
    /// <see cref="DashboardState.LinkGroup"/> for the flight's uplink/downlink channels and ground channels named
    /// <c>link.*</c> or <c>GROUND_*</c> (the ground receiver's figures), <see cref="DashboardState.ProtectionGroup"/> for fault, latch-up and watchdog channels and
    /// <c>protection.*</c>, otherwise null.
    /// </summary>
    public static string? GroupOf(string channel)
    {
        if (Link.Contains(channel) || channel.StartsWith("link.", StringComparison.Ordinal) || channel.StartsWith("GROUND_", StringComparison.Ordinal))
        {
            return DashboardState.LinkGroup;
        }

        if (Protection.Contains(channel) || channel.StartsWith("protection.", StringComparison.Ordinal))
        {
            return DashboardState.ProtectionGroup;
        }

        return null;
    }
}

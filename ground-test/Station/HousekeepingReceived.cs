using Payload.Flight.Dictionary;

namespace Payload.GroundTest.Station;

/// <summary>One housekeeping packet as the ground decoded it: channel id → value, ids from <see cref="FlightDictionary.Channels"/>.</summary>
internal sealed record HousekeepingReceived(DateTimeOffset ReceivedAt, IReadOnlyDictionary<ushort, double> Values)
{
    /// <summary>The value of <paramref name="channel"/>, or null when the packet does not carry it.</summary>
    public double? this[ChannelDefinition channel] => Values.TryGetValue(channel.Id, out double value) ? value : null;
}

namespace Payload.Hal.Housekeeping;

/// <summary>Sees every record of a sampling pass as it is taken (protection functions).</summary>
public interface IHousekeepingObserver
{
    /// <summary>Called on the sampling thread for each record.</summary>
    void OnRecord(in HousekeepingRecord record);
}

namespace Payload.Flight.Executive;

/// <summary>Operating modes; the value is what the MODE housekeeping channel reports.</summary>
public enum FlightMode
{
    Boot,
    Safe,
    Idle,
    Operate,
}

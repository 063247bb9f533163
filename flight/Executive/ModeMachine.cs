using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;

namespace Payload.Flight.Executive;

/// <summary>
/// The mode state machine. Allowed: BOOT → SAFE | IDLE; SAFE → IDLE; IDLE → SAFE | OPERATE; OPERATE → IDLE | SAFE.
/// Every transition (and every refused request) is an event.
/// </summary>
internal sealed class ModeMachine(EventReporter events)
{
    public FlightMode Mode { get; private set; } = FlightMode.Boot;

    public static bool IsAllowed(FlightMode from, FlightMode to) => (from, to) switch
    {
        (FlightMode.Boot, FlightMode.Safe or FlightMode.Idle) => true,
        (FlightMode.Safe, FlightMode.Idle) => true,
        (FlightMode.Idle, FlightMode.Safe or FlightMode.Operate) => true,
        (FlightMode.Operate, FlightMode.Idle or FlightMode.Safe) => true,
        _ => false,
    };

    /// <summary>Moves to <paramref name="target"/> if allowed; returns null on success or why it was refused.</summary>
    public string? Request(FlightMode target, string reason)
    {
        if (target == Mode)
        {
            return null;
        }
        if (!IsAllowed(Mode, target))
        {
            string why = $"no transition from {Mode} to {target}";
            events.Emit(FlightDictionary.ModeRefused, Mode, target, why);
            return why;
        }
        FlightMode from = Mode;
        Mode = target;
        events.Emit(FlightDictionary.ModeChanged, from, target, reason);
        return null;
    }

    /// <summary>Any mode goes to SAFE on a fault; a no-op when already SAFE.</summary>
    public void EnterSafe(string reason)
    {
        if (Mode != FlightMode.Safe)
        {
            FlightMode from = Mode;
            Mode = FlightMode.Safe;
            events.Emit(FlightDictionary.ModeChanged, from, FlightMode.Safe, reason);
        }
    }
}

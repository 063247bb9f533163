using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;

namespace Payload.Flight.Executive;

/// <summary>
/// Components report their health here; the watchdog is kicked only while every registered component is healthy.
/// A component going unhealthy is an event (once per episode).
/// </summary>
internal sealed class HealthMonitor(EventReporter events)
{
    private readonly Dictionary<string, string?> problems = [];

    public void Register(string component) => problems.TryAdd(component, null);

    public void Report(string component, bool healthy, string reason = "")
    {
        problems.TryGetValue(component, out string? previous);
        if (healthy)
        {
            problems[component] = null;
            return;
        }
        if (previous is null)
        {
            events.Emit(FlightDictionary.ComponentUnhealthy, component, reason);
        }
        problems[component] = reason;
    }

    public bool AllHealthy => problems.Values.All(p => p is null);

    /// <summary>The first unhealthy component and why, or null.</summary>
    public string? FirstProblem => problems.Where(p => p.Value is not null).Select(p => $"{p.Key}: {p.Value}").FirstOrDefault();
}

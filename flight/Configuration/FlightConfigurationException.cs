namespace Payload.Flight.Configuration;

/// <summary>A configuration that cannot be used; <see cref="Problems"/> lists every problem found, not just the first.</summary>
public sealed class FlightConfigurationException(string source, IReadOnlyList<ConfigurationProblem> problems)
    : Exception($"configuration {source} has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
{
    public IReadOnlyList<ConfigurationProblem> Problems { get; } = problems;
}

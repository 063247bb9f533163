namespace Payload.Flight.Configuration;

/// <summary>One thing wrong with a configuration file, located by its JSON path (e.g. <c>$.downlink.port</c>).</summary>
public sealed record ConfigurationProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

namespace Payload.Hal.Boards;

/// <summary>One problem found in a profile: where (JSON path), the value found there, and what is wrong.</summary>
/// <param name="Path">JSON path such as <c>$.devices[2].address</c>.</param>
/// <param name="Value">The offending value as written (or "(missing)").</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record BoardProfileProblem(string Path, string Value, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path} = {Value}: {Message}";
}

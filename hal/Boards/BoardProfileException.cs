namespace Payload.Hal.Boards;

/// <summary>A profile failed validation; <see cref="Problems"/> lists every problem, each with its JSON path and value.</summary>
public sealed class BoardProfileException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> (file name or profile name).</summary>
    public BoardProfileException(string source, IReadOnlyList<BoardProfileProblem> problems)
        : base($"Board profile {source} has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<BoardProfileProblem> Problems { get; }
}

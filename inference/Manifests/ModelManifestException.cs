namespace Payload.Inference.Manifests;

/// <summary>
/// A model manifest that cannot be used: every problem found, each naming the JSON path (or the
/// model tensor) and the offending value.
/// </summary>
public sealed class ModelManifestException : Exception
{
    /// <summary>Creates the exception for the manifest read from <paramref name="source"/>.</summary>
    public ModelManifestException(string source, IReadOnlyList<string> errors)
        : base($"Model manifest {source} is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
    {
        Errors = errors;
    }

    /// <summary>One line per problem, each starting with its JSON path.</summary>
    public IReadOnlyList<string> Errors { get; }
}

namespace Payload.Inference.Packages;

/// <summary>One file of a package as the package manifest lists it.</summary>
public sealed class PackageFile
{
    /// <summary>Path inside the package, '/'-separated, relative.</summary>
    public string Path { get; init; } = "";

    /// <summary>SHA-256 of the file, lower-case hex.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>Size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Whether the file is installed with execute permission (an app host, a script).</summary>
    public bool Executable { get; init; }
}

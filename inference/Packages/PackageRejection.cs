namespace Payload.Inference.Packages;

/// <summary>Why a package was refused; each value is one check of the validation chain.</summary>
public enum PackageRejection
{
    /// <summary>The file is not a readable directory, zip or tar.gz (truncated, corrupt, empty).</summary>
    Unreadable,

    /// <summary>A path inside the package is absolute or climbs out of it.</summary>
    UnsafePath,

    /// <summary>The package manifest or signature file is missing or not valid JSON of its shape.</summary>
    ManifestInvalid,

    /// <summary>A file the package manifest lists is not in the package.</summary>
    MissingFile,

    /// <summary>The package holds a file its manifest does not list.</summary>
    UnlistedFile,

    /// <summary>A file's SHA-256 or size differs from the package manifest.</summary>
    HashMismatch,

    /// <summary>The package was signed by a key other than the payload's ground key.</summary>
    WrongKey,

    /// <summary>The signature does not verify over the package manifest.</summary>
    BadSignature,

    /// <summary>The package is of another kind or for another runtime identifier than expected.</summary>
    WrongKind,

    /// <summary>ONNX Runtime could not load the model, or the model manifest is invalid.</summary>
    ModelUnloadable,

    /// <summary>A tensor named by the manifest or golden vectors is missing from the model or has another type or shape.</summary>
    TensorMismatch,

    /// <summary>Running the golden input gave outputs farther from the expected ones than the tolerance.</summary>
    GoldenMismatch,
}

namespace Payload.Inference.Packages;

/// <summary>Rules for paths inside a package: relative, '/'-separated, never leaving the package root.</summary>
internal static class PackagePaths
{
    /// <exception cref="PackageRejectedException">The path is empty, absolute, or has an empty, '.' or '..' segment.</exception>
    public static void Check(string path)
    {
        if (string.IsNullOrEmpty(path) || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new PackageRejectedException(PackageRejection.UnsafePath, $"package path '{path}' must be relative and '/'-separated");
        }

        foreach (string segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new PackageRejectedException(PackageRejection.UnsafePath, $"package path '{path}' has a '{segment}' segment");
            }
        }
    }
}

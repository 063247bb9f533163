namespace Payload.Tests.Shared;

/// <summary>Where the repository and the shared third-party test data live, found from the test binary.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder holding Payload.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary><c>../shared/data</c> beside the repository (real models, tiles and reference outputs).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Payload.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Payload.sln not found above {AppContext.BaseDirectory}");
    }
}

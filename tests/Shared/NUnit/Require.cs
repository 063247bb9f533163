namespace Payload.Tests.Shared;

/// <summary>Preconditions that skip a test visibly (Assert.Ignore) instead of letting it pass silently.</summary>
internal static class Require
{
    /// <summary>A file or folder under <c>../shared/data</c>; ignores the calling test when the shared data is absent.</summary>
    public static string SharedData(string relativePath)
    {
        string path = Path.Combine(RepositoryPaths.SharedData, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Ignore($"Shared test data not found at {path}: put ../shared beside the repository to run this test.");
        }

        return path;
    }

    /// <summary>An executable on PATH or at an absolute path; ignores the calling test when it is missing.</summary>
    public static string Tool(string nameOrPath, string installHint)
    {
        if (Path.IsPathRooted(nameOrPath))
        {
            if (!File.Exists(nameOrPath))
            {
                Assert.Ignore($"{nameOrPath} not found: {installHint}");
            }

            return nameOrPath;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, nameOrPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Ignore($"{nameOrPath} not found on PATH: {installHint}");
        return nameOrPath;
    }
}

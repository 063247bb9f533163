using Payload.GroundTest.Tests.Commands;

namespace Payload.GroundTest.Tests.Dashboard;

/// <summary>
/// A finished run folder made by the real <c>ground-test run</c> (flight child process, two small scenes), made once
/// for every test that reads one and deleted by <see cref="SharedRunFolderCleanup"/> after the last.
/// </summary>
internal sealed class SimulatedRunFolder : IDisposable
{
    private static readonly Lazy<SimulatedRunFolder> Instance = new(() => new SimulatedRunFolder());

    private readonly TempFolder _temp = new();

    private SimulatedRunFolder()
    {
        (int code, string output, string error) = GroundTestCli.Invoke("run", "--scenes", "2", "--size", "256", "--out", _temp.Path, "--run", "dash");
        if (code != 0)
        {
            _temp.Dispose();
            Assert.Fail($"ground-test run failed with exit code {code}:\n{output}\n{error}");
        }

        Path = System.IO.Path.Combine(_temp.Path, "dash");
    }

    /// <summary>The run, made on first use.</summary>
    public static SimulatedRunFolder Shared => Instance.Value;

    /// <summary>Deletes the run if it was made.</summary>
    public static void DeleteShared()
    {
        if (Instance.IsValueCreated)
        {
            Instance.Value.Dispose();
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => _temp.Dispose();
}

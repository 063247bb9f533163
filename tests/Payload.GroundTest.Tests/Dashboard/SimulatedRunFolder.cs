using Payload.GroundTest.Tests.Commands;

namespace Payload.GroundTest.Tests.Dashboard;

/// <summary>A finished run folder made by the real <c>ground-test run</c> on two small synthetic scenes; deleted on dispose.</summary>
internal sealed class SimulatedRunFolder : IDisposable
{
    private readonly TempFolder _temp = new();

    public SimulatedRunFolder()
    {
        (int code, string output, string error) = GroundTestCli.Invoke("run", "--scenes", "2", "--size", "256", "--out", _temp.Path, "--run", "dash");
        Assert.That(code, Is.Zero, output + error);
        Path = System.IO.Path.Combine(_temp.Path, "dash");
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => _temp.Dispose();
}

namespace Payload.GroundTest.Tests.Commands;

/// <summary>The small version of issue 7's "nothing lost" acceptance: kills, a damaged link, and still every product of every tile once.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class RunChaosTests
{
    [Test]
    public void Killed_twice_on_a_corrupting_lossy_link_every_product_of_every_tile_still_arrives_exactly_once()
    {
        using TempFolder temp = new();

        (int code, string output, string error) = GroundTestCli.Invoke("run", "--scenes", "2", "--seed", "11", "--size", "512", "--chaos", "2", "--chaos-seed", "4",
            "--cadu-corruption", "0.02", "--cadu-drop", "0.005", "--out", temp.Path, "--run", "chaos", "--timeout", "180");

        Assert.That(code, Is.Zero, error + output);
        Assert.That(output, Does.Contain("tiles        18 of 18 received, 0 lost, 0 duplicated"));
        Assert.That(output, Does.Contain("2 SIGKILL(s), 3 boot(s)"));
        Assert.That(output, Does.Match(@"corrupted [1-9]\d*"), "the link really was damaged");
        // The console wraps long lines at spaces.
        Assert.That(string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), Does.Contain("ClassMap 18/18, ConfidenceMap 18/18, QuicklookRgb 2/2, SceneSummary 2/2"),
            "confidence maps and scene products are checked too");
        Assert.That(output, Does.Contain("every product of every scene arrived exactly once"));
    }
}

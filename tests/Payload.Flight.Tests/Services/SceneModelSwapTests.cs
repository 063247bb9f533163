using Payload.Flight.Dictionary;
using Payload.Flight.Services;
using Payload.Flight.Tests.Support;
using Payload.Inference.DefaultModel;
using Payload.Inference.Runtime;

namespace Payload.Flight.Tests.Services;

/// <summary>Hot swap in the running scene pipeline (<see cref="SceneService.UseModel"/>), between tiles of a scene.</summary>
public sealed class SceneModelSwapTests
{
    private const string Seed = "8";

    private static string DefaultModel => Path.Combine(SceneService.DefaultModelFolder, LandCoverModel.ModelFileName);

    private static string DefaultManifest => Path.Combine(SceneService.DefaultModelFolder, LandCoverModel.ManifestFileName);

    private static FlightBench SceneAfterOneTile()
    {
        var bench = new FlightBench(sceneSize: 512);
        bench.Executive.Start();
        bench.UseScenes();
        bench.Send("SET_MODE", "OPERATE");
        bench.Send("IMAGE_SCENES", "1", Seed);
        bench.Advance(TimeSpan.FromMilliseconds(10));
        Assert.That(bench.Scenes!.NextTile, Is.EqualTo(1));
        return bench;
    }

    [Test]
    public void Swapping_the_model_mid_scene_starts_that_scene_over_with_the_new_model()
    {
        using FlightBench bench = SceneAfterOneTile();

        bench.Scenes!.UseModel(DefaultModel, DefaultManifest);
        bench.RunScenes(TimeSpan.FromSeconds(5));

        Assert.That(bench.Sink.Events.Count(e => e.Id == FlightDictionary.SceneStarted.Id && e.Text.StartsWith($"scene seed {Seed}: 9 tiles from tile 0", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(bench.Sink.Events.Count(e => e.Id == FlightDictionary.SceneProcessed.Id), Is.EqualTo(1));
        Assert.That(bench.Scenes.AlertsRaised, Is.EqualTo(2), "the flood alerts of tiles 5 and 8, counted across the swap");
    }

    [Test]
    public void A_model_that_does_not_load_leaves_the_old_one_running_the_scene()
    {
        using FlightBench bench = SceneAfterOneTile();
        string missing = Path.Combine(bench.StateDirectory, "absent.onnx");

        Assert.That(() => bench.Scenes!.UseModel(missing, DefaultManifest), Throws.InstanceOf<OnnxRuntimeException>().Or.InstanceOf<IOException>());
        bench.Advance(TimeSpan.FromMilliseconds(100));

        Assert.That(bench.Scenes!.NextTile, Is.GreaterThan(1), "the scene goes on after its first tile instead of starting over");
        Assert.That(bench.Sink.Events.Count(e => e.Id == FlightDictionary.SceneFailed.Id), Is.Zero);
    }
}

using System.Runtime.InteropServices;
using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Services;
using Payload.Flight.Tests.Support;
using Payload.Inference.Runtime;
using Payload.Telemetry.Products;

namespace Payload.Flight.Tests.Services;

public sealed class SceneProtectionTests
{
    private const uint Seed = 8;
    private const int SceneEdge = 512;

    private static readonly ProductDecoder Decoder = new();

    [TestCase(ProtectionMode.Dmr)]
    [TestCase(ProtectionMode.Tmr)]
    public void A_flipped_exponent_bit_in_one_replica_is_outvoted_then_repaired_and_the_maps_equal_the_unprotected_ones(ProtectionMode protection)
    {
        using FlightBench plain = Bench(ProtectionMode.None);
        List<uint[]> expected = ImageOneScene(plain);
        using FlightBench bench = Bench(protection);
        TensorBuffer weight = bench.Scenes!.Model.Replicas!.Weights(0).Buffers.Values.First(b => b.ElementType == TensorElementType.Float32);
        MemoryMarshal.Cast<float, uint>(weight.AsSpan<float>())[0] ^= 1u << 30;

        List<uint[]> maps = ImageOneScene(bench);

        Assert.That(maps, Is.EqualTo(expected), "every class map as without the upset");
        Assert.That(bench.Scenes.Protection.Disagreements, Is.GreaterThan(0), "replica 0 was outvoted");
        Assert.That(bench.Scenes.Protection.Repairs, Is.EqualTo(1));
        Assert.That(bench.Sink.Events.Count(e => e.Id == FlightDictionary.WeightsRepaired.Id), Is.EqualTo(1));
        Assert.That(bench.Scenes.Protection.UnresolvedVotes, Is.Zero);
    }

    [Test]
    public void Scrubbing_alone_walks_the_weights_while_no_tiles_run()
    {
        using FlightBench bench = Bench(ProtectionMode.Scrub);
        bench.Executive.Start();

        bench.Advance(TimeSpan.FromSeconds(11));

        Assert.That(bench.Scenes!.Model.Scrubber, Is.Not.Null);
        Assert.That(bench.Scenes.Protection.ScrubbedBlocks, Is.GreaterThanOrEqualTo(bench.Scenes.Model.Scrubber!.BlockCount), "one whole walk within the period");
        Assert.That(bench.Scenes.Protection.Repairs, Is.Zero);
    }

    [Test]
    public void Without_protection_the_pipeline_has_no_scrubber_and_reports_zeros()
    {
        using FlightBench bench = Bench(ProtectionMode.None);

        Assert.That(bench.Scenes!.Model.Scrubber, Is.Null);
        Assert.That(bench.Scenes.Model.Replicas, Is.Null);
        Assert.That(bench.Scenes.Protection, Is.EqualTo(default(ProtectionFigures)));
    }

    private static FlightBench Bench(ProtectionMode protection)
    {
        var bench = new FlightBench(new FlightConfiguration { Protection = protection }, sceneSize: SceneEdge);
        bench.UseScenes();
        return bench;
    }

    // Runs one scene, lets the board clock pass a scrub period and returns the class maps in tile order.
    private static List<uint[]> ImageOneScene(FlightBench bench)
    {
        bench.Executive.Start();
        bench.Send("SET_MODE", "OPERATE");
        bench.Send("IMAGE_SCENES", "1", $"{Seed}");
        bench.RunScenes(TimeSpan.FromSeconds(5));
        bench.Advance(TimeSpan.FromSeconds(11));
        return [.. bench.Sink.SentProducts
            .Select(p => Decoder.Decode(p.Data))
            .Where(p => p.Header.Kind == ProductKind.ClassMap)
            .OrderBy(p => p.Header.TileId)
            .Select(p => p.Samples)];
    }
}

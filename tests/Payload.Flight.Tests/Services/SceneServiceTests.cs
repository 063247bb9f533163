using Payload.Flight.Services;
using Payload.Flight.Tests.Support;
using Payload.Telemetry.Products;

namespace Payload.Flight.Tests.Services;

public sealed class SceneServiceTests
{
    [Test]
    public void A_scene_from_the_simulated_imager_becomes_one_class_map_product_per_tile()
    {
        using var bench = new FlightBench();
        using SceneService service = SceneService.TryCreate(bench.Board, null, bench.Sink, TextWriter.Null)
            ?? throw new AssertionException("the default model and the sim imager should give a scene service");

        (int tiles, double rate) = service.Run(42, allowedTilesPerSecond: 8);

        var decoder = new ProductDecoder();
        var products = bench.Sink.Products.Select(p => decoder.Decode(p)).ToList();
        Assert.That(tiles, Is.GreaterThan(0));
        Assert.That(products, Has.Count.EqualTo(tiles));
        Assert.That(products.Select(p => p.Header.Kind), Has.All.EqualTo(ProductKind.ClassMap));
        Assert.That(products.Select(p => p.Header.SceneId), Has.All.EqualTo(42u));
        Assert.That(products.Select(p => p.Header.TileId), Is.Unique);
        Assert.That(rate, Is.LessThanOrEqualTo(8), "paced to the allowed rate");
    }

    [Test]
    public void No_allowed_rate_means_no_scene()
    {
        using var bench = new FlightBench();
        using SceneService service = SceneService.TryCreate(bench.Board, null, bench.Sink, TextWriter.Null)!;

        Assert.Throws<InvalidOperationException>(() => service.Run(1, 0));
        Assert.That(bench.Sink.Products, Is.Empty);
    }
}

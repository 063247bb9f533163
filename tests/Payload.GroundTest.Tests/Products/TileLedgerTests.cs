using Payload.GroundTest.Products;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Products;

public class TileLedgerTests
{
    [Test]
    public void Every_tile_once_is_complete()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 2);

        ledger.Record(Map(1, 0));
        ledger.Record(Map(1, 1));

        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.Describe(), Is.EqualTo("2 of 2 received, 0 lost, 0 duplicated"));
    }

    [Test]
    public void Missing_and_repeated_tiles_are_named()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 3);

        ledger.Record(Map(1, 0));
        ledger.Record(Map(1, 0));
        ledger.Record(Map(7, 0));
        ledger.Record(Map(1, 1) with { Kind = ProductKind.Alert });

        Assert.That(ledger.Complete, Is.False);
        Assert.That(ledger.Describe(), Is.EqualTo("1 of 3 received, 2 lost, 1 duplicated, 1 unexpected (missing: scene 1 tile 1, scene 1 tile 2)"));
    }

    private static ProductHeader Map(uint scene, ushort tile) => new() { Kind = ProductKind.ClassMap, SceneId = scene, TileId = tile };
}

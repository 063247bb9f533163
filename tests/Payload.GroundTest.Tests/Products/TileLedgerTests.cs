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

    [Test]
    public void Tiles_of_a_requested_scene_wait_for_its_count_and_missing_runs_are_listed_for_resending()
    {
        TileLedger ledger = new();
        ledger.Request(4);
        ledger.Record(Map(4, 0));
        ledger.Record(Map(4, 3));
        ledger.Record(Map(4, 9));

        Assert.That(ledger.Complete, Is.False);
        Assert.That(ledger.ScenesWithoutCount, Is.EqualTo(new uint[] { 4 }));
        Assert.That(ledger.MissingRuns(4), Is.Empty, "nothing can be asked for before the count is known");

        ledger.Expect(4, 6);

        Assert.That(ledger.Unexpected, Is.EqualTo(1), "tile 9 of 6");
        Assert.That(ledger.Arrived, Is.EqualTo(2));
        Assert.That(ledger.MissingRuns(4), Is.EqualTo(new (ushort, ushort)[] { (1, 2), (4, 2) }));
        Assert.That(ledger.Describe(), Does.StartWith("2 of 6 received, 4 lost, 0 duplicated, 1 unexpected"));
    }

    [Test]
    public void A_second_count_for_the_same_scene_changes_nothing()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 2);
        ledger.Expect(1, 5);
        ledger.Record(Map(1, 0));
        ledger.Record(Map(1, 1));

        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.Expected, Is.EqualTo(2));
    }

    private static ProductHeader Map(uint scene, ushort tile) => new() { Kind = ProductKind.ClassMap, SceneId = scene, TileId = tile };
}

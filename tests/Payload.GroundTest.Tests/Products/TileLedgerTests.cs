using Payload.GroundTest.Products;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Products;

public class TileLedgerTests
{
    private const ushort Scene = ProductHeader.WholeScene;

    [Test]
    public void Every_product_of_a_scene_once_is_complete()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 2);

        RecordScene(ledger, 1, tiles: 2);

        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.Describe(), Is.EqualTo("2 of 2 received, 0 lost, 0 duplicated"));
        Assert.That(ledger.DescribeProducts(), Is.EqualTo("ClassMap 2/2, ConfidenceMap 2/2, QuicklookRgb 1/1, SceneSummary 1/1, Alert 0; 0 re-delivered (0 asked for by RESEND_TILES)"));
    }

    [Test]
    public void A_tile_without_its_confidence_map_has_not_arrived_and_is_asked_for_again()
    {
        TileLedger partial = new();
        partial.Expect(1, 3);
        foreach (ProductHeader header in SceneProducts(1, tiles: 3).Where(h => h is not { Kind: ProductKind.ConfidenceMap, TileId: 1 }))
        {
            partial.Record(header);
        }

        Assert.That(partial.Complete, Is.False);
        Assert.That(partial.Arrived, Is.EqualTo(2));
        Assert.That(partial.Lost, Is.EqualTo(1));
        Assert.That(partial.ReceivedOf(ProductKind.ClassMap), Is.EqualTo(3));
        Assert.That(partial.ReceivedOf(ProductKind.ConfidenceMap), Is.EqualTo(2));
        Assert.That(partial.MissingRuns(1), Is.EqualTo(new (ushort, ushort)[] { (1, 1) }));
        Assert.That(partial.Describe(), Is.EqualTo("2 of 3 received, 1 lost, 0 duplicated (missing: scene 1 tile 1 ConfidenceMap)"));
    }

    [Test]
    public void A_tile_resent_for_its_confidence_map_does_not_count_its_class_map_as_duplicated()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 1);
        ledger.Record(Product(ProductKind.ClassMap, 1, 0));
        ledger.Record(Product(ProductKind.QuicklookRgb, 1, Scene));
        ledger.Record(Product(ProductKind.SceneSummary, 1, Scene));

        ledger.Resent(1, 0, 1);
        bool classMapAgain = ledger.Record(Product(ProductKind.ClassMap, 1, 0));
        bool confidence = ledger.Record(Product(ProductKind.ConfidenceMap, 1, 0));

        Assert.That((classMapAgain, confidence), Is.EqualTo((false, true)), "only the first arrival of a product is new");
        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.Duplicated, Is.Zero);
        Assert.That(ledger.Redelivered, Is.EqualTo(1));
        Assert.That(ledger.DescribeProducts(), Does.EndWith("; 1 re-delivered (1 asked for by RESEND_TILES)"));
    }

    [Test]
    public void A_confidence_map_arriving_twice_unasked_is_duplicated()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 2);
        RecordScene(ledger, 1, tiles: 2);

        ledger.Record(Product(ProductKind.ConfidenceMap, 1, 1));

        Assert.That(ledger.Complete, Is.False);
        Assert.That(ledger.Duplicated, Is.EqualTo(1));
        Assert.That(ledger.Arrived, Is.EqualTo(2));
        Assert.That(ledger.Describe(), Is.EqualTo("2 of 2 received, 0 lost, 1 duplicated"));
    }

    [Test]
    public void A_re_delivery_beyond_what_the_resends_asked_for_is_duplicated()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 1);
        RecordScene(ledger, 1, tiles: 1);
        ledger.Resent(1, 0, 1);

        ledger.Record(Product(ProductKind.ClassMap, 1, 0));
        ledger.Record(Product(ProductKind.ClassMap, 1, 0));

        Assert.That(ledger.Redelivered, Is.EqualTo(2));
        Assert.That(ledger.Duplicated, Is.EqualTo(1));
    }

    [Test]
    public void Products_of_a_scene_nobody_asked_for_are_unexpected_and_change_nothing_else()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 1);
        RecordScene(ledger, 1, tiles: 1);

        bool first = ledger.Record(Product(ProductKind.ConfidenceMap, 7, 0));
        ledger.Record(Product(ProductKind.SceneSummary, 7, Scene));

        Assert.That(first, Is.True, "written out once like any product");
        Assert.That(ledger.Unexpected, Is.EqualTo(2));
        Assert.That(ledger.Lost, Is.Zero);
        Assert.That(ledger.Complete, Is.False);
        Assert.That(ledger.Describe(), Is.EqualTo("1 of 1 received, 0 lost, 0 duplicated, 2 unexpected"));
    }

    [Test]
    public void A_summary_before_the_tiles_sets_the_count_they_are_checked_against()
    {
        TileLedger ledger = new();
        ledger.Request(2);
        ledger.Record(Product(ProductKind.SceneSummary, 2, Scene));
        ledger.Expect(2, 2);
        ledger.Record(Product(ProductKind.QuicklookRgb, 2, Scene));

        Assert.That(ledger.Lost, Is.EqualTo(4), "two tiles' class and confidence maps");
        Assert.That(ledger.MissingRuns(2), Is.EqualTo(new (ushort, ushort)[] { (0, 2) }));

        foreach (ushort tile in new ushort[] { 1, 0 })
        {
            ledger.Record(Product(ProductKind.ConfidenceMap, 2, tile));
            ledger.Record(Product(ProductKind.ClassMap, 2, tile));
        }

        Assert.That(ledger.Complete, Is.True);
    }

    [Test]
    public void Tiles_of_a_requested_scene_wait_for_its_count_and_those_beyond_it_are_unexpected()
    {
        TileLedger ledger = new();
        ledger.Request(4);
        foreach (ushort tile in new ushort[] { 0, 3, 9 })
        {
            ledger.Record(Product(ProductKind.ClassMap, 4, tile));
            ledger.Record(Product(ProductKind.ConfidenceMap, 4, tile));
        }

        ledger.Record(Product(ProductKind.Alert, 4, 9));

        Assert.That(ledger.Complete, Is.False);
        Assert.That(ledger.ScenesWithoutCount, Is.EqualTo(new uint[] { 4 }));
        Assert.That(ledger.MissingRuns(4), Is.Empty, "nothing can be asked for by tile before the count is known");
        Assert.That(ledger.SceneProductsMissing(4), Is.True, "count 0 asks for the summary");
        Assert.That(ledger.Unexpected, Is.Zero, "held, not judged");
        Assert.That(ledger.Lost, Is.EqualTo(2), "the quicklook and the summary");

        ledger.Expect(4, 6);
        ledger.Record(Product(ProductKind.SceneSummary, 4, Scene));
        ledger.Record(Product(ProductKind.QuicklookRgb, 4, Scene));

        Assert.That(ledger.Unexpected, Is.EqualTo(3), "tile 9 of 6: its two maps and its alert");
        Assert.That(ledger.Arrived, Is.EqualTo(2));
        Assert.That(ledger.MissingRuns(4), Is.EqualTo(new (ushort, ushort)[] { (1, 2), (4, 2) }));
        Assert.That(ledger.Describe(), Does.StartWith("2 of 6 received, 8 lost, 0 duplicated, 3 unexpected (missing: scene 4 tile 1 ClassMap, scene 4 tile 1 ConfidenceMap,"));
    }

    [Test]
    public void A_scene_without_its_quicklook_is_incomplete_and_a_count_0_resend_may_send_its_summary_again()
    {
        TileLedger ledger = new();
        ledger.Expect(3, 1);
        ledger.Record(Product(ProductKind.ClassMap, 3, 0));
        ledger.Record(Product(ProductKind.ConfidenceMap, 3, 0));
        ledger.Record(Product(ProductKind.SceneSummary, 3, Scene));

        Assert.That(ledger.SceneProductsMissing(3), Is.True);
        Assert.That(ledger.Describe(), Is.EqualTo("1 of 1 received, 1 lost, 0 duplicated (missing: scene 3 QuicklookRgb)"));

        ledger.Resent(3, 0, 0);
        ledger.Record(Product(ProductKind.QuicklookRgb, 3, Scene));
        ledger.Record(Product(ProductKind.SceneSummary, 3, Scene));

        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.Redelivered, Is.EqualTo(1));
    }

    [Test]
    public void Alerts_may_be_absent_but_are_counted_once_and_a_repeated_one_is_duplicated()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 2);
        RecordScene(ledger, 1, tiles: 2);
        ledger.Record(Product(ProductKind.Alert, 1, 1));

        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.ReceivedOf(ProductKind.Alert), Is.EqualTo(1));
        Assert.That(ledger.ExpectedOf(ProductKind.Alert), Is.Null);

        ledger.Record(Product(ProductKind.Alert, 1, 1));

        Assert.That(ledger.Duplicated, Is.EqualTo(1));
    }

    [Test]
    public void A_resend_range_past_the_last_tile_id_is_cut_at_it()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 1);
        RecordScene(ledger, 1, tiles: 1);

        ledger.Resent(1, 65530, 100);

        Assert.That(ledger.Complete, Is.True);
    }

    [Test]
    public void A_second_count_for_the_same_scene_changes_nothing()
    {
        TileLedger ledger = new();
        ledger.Expect(1, 2);
        ledger.Expect(1, 5);
        RecordScene(ledger, 1, tiles: 2);

        Assert.That(ledger.Complete, Is.True);
        Assert.That(ledger.Expected, Is.EqualTo(2));
    }

    [Test]
    public void A_negative_count_is_refused()
    {
        TileLedger ledger = new();

        Assert.That(() => ledger.Expect(1, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void An_empty_ledger_is_complete_and_one_requested_scene_is_not()
    {
        TileLedger empty = new();
        TileLedger requested = new();
        requested.Request(5);

        Assert.That(empty.Complete, Is.True);
        Assert.That(requested.Complete, Is.False);
        Assert.That(requested.Describe(), Is.EqualTo("0 of 0 received, 2 lost, 0 duplicated, 1 scene(s) without a summary (5) (missing: scene 5 QuicklookRgb, scene 5 SceneSummary)"));
    }

    private static void RecordScene(TileLedger ledger, uint scene, int tiles)
    {
        foreach (ProductHeader header in SceneProducts(scene, tiles))
        {
            ledger.Record(header);
        }
    }

    // In the flight's order: per tile the class map and the confidence map, then the quicklook and the summary.
    private static IEnumerable<ProductHeader> SceneProducts(uint scene, int tiles) =>
        Enumerable.Range(0, tiles).SelectMany(t => new[] { Product(ProductKind.ClassMap, scene, (ushort)t), Product(ProductKind.ConfidenceMap, scene, (ushort)t) })
            .Append(Product(ProductKind.QuicklookRgb, scene, Scene))
            .Append(Product(ProductKind.SceneSummary, scene, Scene));

    private static ProductHeader Product(ProductKind kind, uint scene, ushort tile) => new() { Kind = kind, SceneId = scene, TileId = tile };
}

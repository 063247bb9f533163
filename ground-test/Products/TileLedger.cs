using System.Globalization;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Products;

/// <summary>
/// Checks that every product of every scene arrived exactly once, by (scene, tile, product kind): each tile's class map
/// and confidence map, each scene's quicklook and summary; alerts are counted but may be absent (only some tiles raise
/// one). A tile has arrived when all its per-tile products have. A scene is first <see cref="Request">requested</see> (its
/// tile count still unknown: its tiles' products are held) and then <see cref="Expect">expected</see> with the tile count
/// its summary gives; products of scenes never requested nor expected, or of tiles beyond the count, are unexpected.
/// </summary>
/// <remarks>
/// Duplicates: products are deduplicated by (scene, tile, kind); every arrival after the first is a re-delivery. A
/// RESEND_TILES asks for a tile's products again (all of them, though only one may have been missing), so each
/// <see cref="Resent">resend</see> covering a tile allows one re-delivery of each of its products (and a count-0 resend
/// one of the scene's quicklook and summary); re-deliveries beyond that are duplicated. Classification is worked out
/// when asked, so the order products, counts and resends come in does not matter.
/// </remarks>
internal sealed class TileLedger
{
    /// <summary>Products every tile must deliver, in report order.</summary>
    public static readonly IReadOnlyList<ProductKind> TileKinds = [ProductKind.ClassMap, ProductKind.ConfidenceMap];

    /// <summary>Products every scene must deliver once (tile id <see cref="ProductHeader.WholeScene"/>), in report order.</summary>
    public static readonly IReadOnlyList<ProductKind> SceneKinds = [ProductKind.QuicklookRgb, ProductKind.SceneSummary];

    /// <summary>Per-tile products a tile may or may not deliver.</summary>
    public static readonly IReadOnlyList<ProductKind> OptionalTileKinds = [ProductKind.Alert];

    /// <summary>Missing products named by <see cref="Describe"/> at most.</summary>
    private const int MissingNamed = 10;

    private readonly Dictionary<uint, Dictionary<(ushort Tile, ProductKind Kind), int>> _arrivals = [];
    private readonly Dictionary<uint, int> _tileCounts = [];
    private readonly HashSet<uint> _requested = [];
    private readonly Dictionary<(uint Scene, ushort Tile), int> _resends = [];
    private int _unknownKinds;

    /// <summary>Tiles expected, over the scenes whose tile count is known.</summary>
    public int Expected => _tileCounts.Values.Sum();

    /// <summary>Tiles whose every per-tile product arrived.</summary>
    public int Arrived => _tileCounts.Sum(s => CompleteTiles(s.Key, s.Value));

    /// <summary>Required products (every kind) not received, over the scenes known so far.</summary>
    public int Lost => Scenes.Sum(s => MissingOf(s).Count());

    /// <summary>Arrivals of a product beyond its first and beyond the re-deliveries its resends asked for.</summary>
    public int Duplicated => Expectedness().Where(a => a.Expected == true).Sum(a => Math.Max(0, a.Count - 1 - ResendsOf(a.Scene, a.Tile)));

    /// <summary>Every arrival of a product beyond its first (asked for or not).</summary>
    public int Redelivered => Expectedness().Where(a => a.Expected == true).Sum(a => a.Count - 1);

    /// <summary>Arrivals of products of unknown scenes, of tiles beyond a scene's count, or of kinds the ledger does not know.</summary>
    public int Unexpected => _unknownKinds + Expectedness().Where(a => a.Expected == false).Sum(a => a.Count);

    /// <summary>Requested scenes whose tile count is still unknown (no summary yet).</summary>
    public IReadOnlyList<uint> ScenesWithoutCount => [.. _requested.Where(s => !_tileCounts.ContainsKey(s)).Order()];

    /// <summary>True when every scene's tile count is known, every required product arrived, none more often than asked for, and nothing else did.</summary>
    public bool Complete => Lost == 0 && Duplicated == 0 && Unexpected == 0 && ScenesWithoutCount.Count == 0;

    private IEnumerable<uint> Scenes => _requested.Union(_tileCounts.Keys).Order();

    /// <summary>Scene <paramref name="sceneId"/> was asked for; its tiles' products are kept until its tile count is known.</summary>
    public void Request(uint sceneId) => _requested.Add(sceneId);

    /// <summary>Scene <paramref name="sceneId"/> has <paramref name="tiles"/> tiles (from its summary); the first count stands.</summary>
    public void Expect(uint sceneId, int tiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tiles);
        _tileCounts.TryAdd(sceneId, tiles);
    }

    /// <summary>
    /// A RESEND_TILES for <paramref name="count"/> tiles of <paramref name="sceneId"/> from <paramref name="firstTile"/> was
    /// accepted (count 0: the quicklook and summary): one more arrival of each of those products is no duplicate.
    /// </summary>
    public void Resent(uint sceneId, ushort firstTile, ushort count)
    {
        if (count == 0)
        {
            _resends[(sceneId, ProductHeader.WholeScene)] = ResendsOf(sceneId, ProductHeader.WholeScene) + 1;
            return;
        }

        for (int tile = firstTile; tile < firstTile + count && tile < ProductHeader.WholeScene; tile++)
        {
            _resends[(sceneId, (ushort)tile)] = ResendsOf(sceneId, (ushort)tile) + 1;
        }
    }

    /// <summary>Counts a received product; true for the first arrival of its (scene, tile, kind).</summary>
    public bool Record(in ProductHeader header)
    {
        if (!TileKinds.Contains(header.Kind) && !SceneKinds.Contains(header.Kind) && !OptionalTileKinds.Contains(header.Kind))
        {
            _unknownKinds++;
            return false;
        }

        if (!_arrivals.TryGetValue(header.SceneId, out Dictionary<(ushort, ProductKind), int>? scene))
        {
            scene = [];
            _arrivals[header.SceneId] = scene;
        }

        int seen = scene.GetValueOrDefault((header.TileId, header.Kind));
        scene[(header.TileId, header.Kind)] = seen + 1;
        return seen == 0;
    }

    /// <summary>Tiles of <paramref name="sceneId"/> whose every per-tile product arrived (any tile id while its count is unknown).</summary>
    public int ArrivedOf(uint sceneId) => CompleteTiles(sceneId, TileCountOf(sceneId) ?? ProductHeader.WholeScene);

    /// <summary>The tile count of <paramref name="sceneId"/>, or null while unknown.</summary>
    public int? TileCountOf(uint sceneId) => _tileCounts.TryGetValue(sceneId, out int count) ? count : null;

    /// <summary>Distinct products of <paramref name="kind"/> received that belong to the run (after deduplication).</summary>
    public int ReceivedOf(ProductKind kind) => Expectedness().Count(a => a.Kind == kind && a.Expected == true);

    /// <summary>Products of <paramref name="kind"/> the run must deliver, as far as known; null for kinds that may be absent.</summary>
    public int? ExpectedOf(ProductKind kind) =>
        TileKinds.Contains(kind) ? Expected : SceneKinds.Contains(kind) ? Scenes.Count() : null;

    /// <summary>Whether <paramref name="sceneId"/>'s quicklook or summary is missing: a RESEND_TILES with count 0 sends both again.</summary>
    public bool SceneProductsMissing(uint sceneId) => SceneKinds.Any(k => ArrivalsOf(sceneId, ProductHeader.WholeScene, k) == 0);

    /// <summary>Runs of tiles of <paramref name="sceneId"/> missing any per-tile product (first tile, count), in order; empty while its count is unknown.</summary>
    public IReadOnlyList<(ushort First, ushort Count)> MissingRuns(uint sceneId)
    {
        List<(ushort, ushort)> runs = [];
        if (!_tileCounts.TryGetValue(sceneId, out int count))
        {
            return runs;
        }

        int start = -1;
        for (int tile = 0; tile <= count; tile++)
        {
            bool missing = tile < count && TileKinds.Any(k => ArrivalsOf(sceneId, (ushort)tile, k) == 0);
            if (missing && start < 0)
            {
                start = tile;
            }
            else if (!missing && start >= 0)
            {
                runs.Add(((ushort)start, (ushort)(tile - start)));
                start = -1;
            }
        }

        return runs;
    }

    /// <summary>
    /// One line for operators: tiles complete, lost and duplicated products over every kind, then per kind received of
    /// expected after deduplication and the re-deliveries, naming up to ten missing products.
    /// </summary>
    public string Describe()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{Arrived} of {Expected} received, {Lost} lost, {Duplicated} duplicated");
        if (Unexpected > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {Unexpected} unexpected");
        }

        IReadOnlyList<uint> uncounted = ScenesWithoutCount;
        if (uncounted.Count > 0)
        {
            text += $", {uncounted.Count} scene(s) without a summary ({string.Join(", ", uncounted)})";
        }

        string list = string.Join(", ", Scenes.SelectMany(MissingOf).Take(MissingNamed).Select(m => m.Tile == ProductHeader.WholeScene
            ? string.Create(CultureInfo.InvariantCulture, $"scene {m.Scene} {m.Kind}")
            : string.Create(CultureInfo.InvariantCulture, $"scene {m.Scene} tile {m.Tile} {m.Kind}")));
        return list.Length == 0 ? text : $"{text} (missing: {list})";
    }

    /// <summary>Received of expected per kind after deduplication, and the re-deliveries: "ClassMap 9/9, ..., Alert 1; 2 re-delivered (2 asked for)".</summary>
    public string DescribeProducts()
    {
        IEnumerable<string> kinds = TileKinds.Concat(SceneKinds).Concat(OptionalTileKinds).Select(k => ExpectedOf(k) is int expected
            ? string.Create(CultureInfo.InvariantCulture, $"{k} {ReceivedOf(k)}/{expected}")
            : string.Create(CultureInfo.InvariantCulture, $"{k} {ReceivedOf(k)}"));
        int redelivered = Redelivered;
        return string.Join(", ", kinds) + string.Create(CultureInfo.InvariantCulture, $"; {redelivered} re-delivered ({redelivered - Duplicated} asked for by RESEND_TILES)");
    }

    private int ResendsOf(uint sceneId, ushort tile) => _resends.GetValueOrDefault((sceneId, tile));

    private int ArrivalsOf(uint sceneId, ushort tile, ProductKind kind) =>
        _arrivals.TryGetValue(sceneId, out Dictionary<(ushort, ProductKind), int>? scene) ? scene.GetValueOrDefault((tile, kind)) : 0;

    private int CompleteTiles(uint sceneId, int count) =>
        _arrivals.TryGetValue(sceneId, out Dictionary<(ushort Tile, ProductKind Kind), int>? scene)
            ? scene.Keys.Select(k => k.Tile).Distinct().Count(t => t < count && TileKinds.All(k => scene.ContainsKey((t, k))))
            : 0;

    // The required products of a known scene not received: per-tile ones once its count is known, per-scene ones always.
    private IEnumerable<(uint Scene, ushort Tile, ProductKind Kind)> MissingOf(uint sceneId)
    {
        if (_tileCounts.TryGetValue(sceneId, out int count))
        {
            for (int tile = 0; tile < count; tile++)
            {
                foreach (ProductKind kind in TileKinds)
                {
                    if (ArrivalsOf(sceneId, (ushort)tile, kind) == 0)
                    {
                        yield return (sceneId, (ushort)tile, kind);
                    }
                }
            }
        }

        foreach (ProductKind kind in SceneKinds)
        {
            if (ArrivalsOf(sceneId, ProductHeader.WholeScene, kind) == 0)
            {
                yield return (sceneId, ProductHeader.WholeScene, kind);
            }
        }
    }

    // Every distinct (scene, tile, kind) received with its arrivals, and whether it belongs to the run: true, false, or
    // null while its scene's tile count is unknown (held).
    private IEnumerable<(uint Scene, ushort Tile, ProductKind Kind, int Count, bool? Expected)> Expectedness()
    {
        foreach ((uint sceneId, Dictionary<(ushort Tile, ProductKind Kind), int> scene) in _arrivals)
        {
            bool known = _requested.Contains(sceneId) || _tileCounts.ContainsKey(sceneId);
            int? count = TileCountOf(sceneId);
            foreach (((ushort tile, ProductKind kind), int arrivals) in scene)
            {
                bool? expected = !known ? false
                    : SceneKinds.Contains(kind) ? tile == ProductHeader.WholeScene
                    : count is int c ? tile < c
                    : null;
                yield return (sceneId, tile, kind, arrivals, expected);
            }
        }
    }
}

using System.Security.Cryptography;
using Payload.Inference.Hardening;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// The campaign's <see cref="FaultTarget.Checkpoint"/> target. For each injection a fresh
/// <see cref="CheckpointStore"/> in a temporary folder gets two checkpoints of the tile's
/// <see cref="PipelineProgress"/> (next tile 1, then 2, the tile's golden class map as partial
/// products), so slot a holds the newest and slot b the older; the fault hits a byte of one slot
/// file and <see cref="CheckpointInjection"/> loads and classifies.
/// </summary>
internal sealed class CheckpointFaultTarget : IByteFaultTarget
{
    private const ushort ProductApid = 0x100;

    private readonly byte[][] _older;
    private readonly byte[][] _newest;
    private readonly string[] _goldenHashes;

    public CheckpointFaultTarget(Campaign campaign)
    {
        byte[] modelHash = SHA256.HashData(campaign.ModelBytes);
        _older = [.. Enumerable.Range(0, campaign.TileCount).Select(t => Progress(campaign, t, modelHash, nextTile: 1))];
        _newest = [.. Enumerable.Range(0, campaign.TileCount).Select(t => Progress(campaign, t, modelHash, nextTile: 2))];
        _goldenHashes = [.. _newest.Select(Hash)];

        // Slot files of one tile's store: sizes are the same for every tile of a campaign.
        string folder = Directory.CreateTempSubdirectory("payload-campaign-ckpt-").FullName;
        try
        {
            CheckpointStore store = Write(folder, 0);
            Regions = [.. CheckpointStore.SlotFileNames.Select((name, slot) => (name, new FileInfo(store.SlotPath(slot)).Length))];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public FaultTarget Target => FaultTarget.Checkpoint;

    public IReadOnlyList<(string Name, long Offsets)> Regions { get; }

    public string GoldenHash(int tile) => _goldenHashes[tile];

    public (InjectionOutcome Outcome, string? OutputHash) Inject(InjectionRecord record)
    {
        int slot = Regions.Select(r => r.Name).ToList().IndexOf(record.Tensor);
        if (slot < 0)
        {
            throw new CampaignException($"Injection {record.Index}: checkpoint region '{record.Tensor}' is not one of {string.Join(", ", Regions.Select(r => r.Name))}.");
        }

        string folder = Directory.CreateTempSubdirectory("payload-campaign-ckpt-").FullName;
        try
        {
            Write(folder, record.Tile);
            InjectionOutcome outcome = CheckpointInjection.Inject(folder, slot, [(record.Element, record.Fault)], _newest[record.Tile], out byte[]? loaded);
            return (outcome, loaded is null ? null : Hash(loaded));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Progress(Campaign campaign, int tile, byte[] modelHash, int nextTile) => new PipelineProgress
    {
        SceneId = $"campaign-tile-{tile:D5}",
        SceneIndex = tile,
        NextTile = nextTile,
        ModelHash = modelHash,
        ApidSequenceCounts = new Dictionary<ushort, ushort> { [ProductApid] = (ushort)nextTile },
        FrameCount = nextTile,
        PartialProducts = campaign.Golden(tile).Classes,
    }.ToBytes();

    // Sequence 1 (older) lands in slot b, sequence 2 (newest) in slot a.
    private CheckpointStore Write(string folder, int tile)
    {
        CheckpointStore store = new(folder);
        store.Write(_older[tile]);
        store.Write(_newest[tile]);
        return store;
    }
}

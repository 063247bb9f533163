using System.Security.Cryptography;
using Payload.Inference.FaultInjection;
using Payload.Telemetry.Coding;

namespace Payload.GroundTest.Campaigns;

/// <summary>
/// The campaign's <see cref="FaultTarget.Cadu"/> target: a transfer frame per campaign tile (seeded
/// bytes, so replays see the same frame) is encoded into a CADU of the spec's interleaving depth;
/// the record's fault hits <see cref="CampaignSpec.CaduBurstBytes"/> consecutive codeblock bytes from
/// its offset, and <see cref="CaduInjection"/> decodes and classifies (Reed-Solomon corrected,
/// uncorrectable = detected, wrong frame accepted = sdc). The output hash is of the decoded frame.
/// </summary>
internal sealed class CaduFaultTarget : IByteFaultTarget
{
    /// <summary>The region name records carry.</summary>
    public const string Region = "cadu-codeblock";

    private readonly CaduCodec _codec;
    private readonly int _burst;
    private readonly int _tiles;

    public CaduFaultTarget(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _codec = new CaduCodec(new CaduFormat(ReedSolomon255.MessageLength * spec.CaduInterleave, spec.CaduInterleave));
        _burst = spec.CaduBurstBytes;
        _tiles = spec.Tiles.Count;
        Regions = [(Region, _codec.Format.CodeblockLength - _burst + 1)];
    }

    public FaultTarget Target => FaultTarget.Cadu;

    public IReadOnlyList<(string Name, long Offsets)> Regions { get; }

    public string GoldenHash(int tile) => Convert.ToHexStringLower(SHA256.HashData(Frame(tile)));

    public (InjectionOutcome Outcome, string? OutputHash) Inject(InjectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Tensor != Region || record.Tile < 0 || record.Tile >= _tiles)
        {
            throw new CampaignException($"Injection {record.Index}: CADU region '{record.Tensor}' tile {record.Tile}; expected '{Region}' and a tile in 0..{_tiles - 1}.");
        }

        byte[] frame = Frame(record.Tile);
        List<(int Offset, Fault Fault)> faults = [.. Enumerable.Range((int)record.Element, _burst).Select(offset => (offset, record.Fault))];
        InjectionOutcome outcome = CaduInjection.Inject(_codec, frame, faults, out byte[] decoded);
        return (outcome, outcome == InjectionOutcome.Detected ? null : Convert.ToHexStringLower(SHA256.HashData(decoded)));
    }

    private byte[] Frame(int tile)
    {
        byte[] frame = new byte[_codec.Format.FrameLength];
        new Random(tile).NextBytes(frame);
        return frame;
    }
}

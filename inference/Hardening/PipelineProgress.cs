using System.Text;

namespace Payload.Inference.Hardening;

/// <summary>
/// Where the tile pipeline stands, as a checkpoint payload: scene, next tile, partial products
/// (opaque bytes the owner lays out), per-APID packet sequence counts, frame count and model hash.
/// A restart resumes at <see cref="SceneIndex"/>/<see cref="NextTile"/> with these counters, so no
/// tile is lost and none is sent twice.
/// </summary>
public sealed class PipelineProgress
{
    private const byte FormatVersion = 1;

    public string SceneId { get; init; } = "";

    public int SceneIndex { get; init; }

    /// <summary>The first tile not yet delivered.</summary>
    public int NextTile { get; init; }

    /// <summary>Hash of the model the partial products come from (a resume with another model must start the scene over).</summary>
    public byte[] ModelHash { get; init; } = [];

    /// <summary>Next CCSDS packet sequence count per APID.</summary>
    public IReadOnlyDictionary<ushort, ushort> ApidSequenceCounts { get; init; } = new Dictionary<ushort, ushort>();

    public long FrameCount { get; init; }

    public byte[] PartialProducts { get; init; } = [];

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(SceneId);
            writer.Write(SceneIndex);
            writer.Write(NextTile);
            writer.Write(ModelHash.Length);
            writer.Write(ModelHash);
            writer.Write(ApidSequenceCounts.Count);
            foreach ((ushort apid, ushort count) in ApidSequenceCounts.OrderBy(p => p.Key))
            {
                writer.Write(apid);
                writer.Write(count);
            }

            writer.Write(FrameCount);
            writer.Write(PartialProducts.Length);
            writer.Write(PartialProducts);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a progress record of this format.</exception>
    public static PipelineProgress FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            byte version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Pipeline progress format {version}, expected {FormatVersion}.");
            }

            string scene = reader.ReadString();
            int sceneIndex = reader.ReadInt32();
            int nextTile = reader.ReadInt32();
            byte[] hash = reader.ReadBytes(CheckedLength(reader.ReadInt32(), bytes.Length, "model hash"));
            int apids = CheckedLength(reader.ReadInt32(), bytes.Length, "APID count");
            var counts = new Dictionary<ushort, ushort>(apids);
            for (int i = 0; i < apids; i++)
            {
                counts[reader.ReadUInt16()] = reader.ReadUInt16();
            }

            long frames = reader.ReadInt64();
            byte[] partial = reader.ReadBytes(CheckedLength(reader.ReadInt32(), bytes.Length, "partial products"));
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException($"Pipeline progress has {bytes.Length - reader.BaseStream.Position} trailing bytes.");
            }

            return new PipelineProgress
            {
                SceneId = scene, SceneIndex = sceneIndex, NextTile = nextTile, ModelHash = hash,
                ApidSequenceCounts = counts, FrameCount = frames, PartialProducts = partial,
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Pipeline progress of {bytes.Length} bytes is truncated.", e);
        }
    }

    private static int CheckedLength(int length, int available, string field) =>
        length >= 0 && length <= available ? length
            : throw new InvalidDataException($"Pipeline progress field '{field}' has length {length}, outside 0..{available}.");
}

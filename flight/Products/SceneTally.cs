using System.Buffers.Binary;
using Payload.Inference.Pipeline;

namespace Payload.Flight.Products;

/// <summary>
/// What the scene summary needs, gathered tile by tile over each tile's owned part of the stitched maps (the owned
/// parts cover the scene exactly once): pixels per class, the confidence sum, the least sure tile. Small enough to
/// go into a checkpoint, so a scene resumed after a reset still gets a whole-scene summary.
/// </summary>
internal sealed class SceneTally
{
    private readonly uint[] counts;

    public SceneTally(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        counts = new uint[classCount];
        Reset();
    }

    public ReadOnlySpan<uint> ClassPixelCounts => counts;

    public double ConfidenceSum { get; private set; }

    public long Pixels { get; private set; }

    public double LowestTileConfidence { get; private set; }

    public double ConfidenceMean => Pixels == 0 ? 0 : ConfidenceSum / Pixels;

    /// <summary>Octets of <see cref="Write"/>'s record: counts, confidence sum, pixels, lowest tile confidence.</summary>
    public int RecordLength => (counts.Length * sizeof(uint)) + sizeof(double) + sizeof(long) + sizeof(double);

    public void Reset()
    {
        Array.Clear(counts);
        ConfidenceSum = 0;
        Pixels = 0;
        LowestTileConfidence = double.PositiveInfinity;
    }

    /// <summary>Adds tile <paramref name="tileIndex"/>'s owned part of <paramref name="products"/>' stitched maps.</summary>
    public void Add(SceneProducts products, int tileIndex)
    {
        TileProduct tile = products.Tiles[tileIndex];
        TilePlacement p = tile.Placement;
        int width = products.Grid.SceneWidth;
        double sum = 0;
        for (int y = p.OwnedY; y < p.OwnedY + p.OwnedHeight; y++)
        {
            ReadOnlySpan<byte> classes = products.ClassMap.Slice((y * width) + p.OwnedX, p.OwnedWidth);
            for (int k = 0; k < counts.Length; k++)
            {
                counts[k] += (uint)classes.Count((byte)k);
            }

            foreach (float c in products.Confidence.Slice((y * width) + p.OwnedX, p.OwnedWidth))
            {
                sum += c;
            }
        }

        ConfidenceSum += sum;
        Pixels += (long)p.OwnedWidth * p.OwnedHeight;
        LowestTileConfidence = Math.Min(LowestTileConfidence, tile.ConfidenceMean);
    }

    public void Write(Span<byte> destination)
    {
        for (int k = 0; k < counts.Length; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(k * sizeof(uint))..], counts[k]);
        }

        Span<byte> rest = destination[(counts.Length * sizeof(uint))..];
        BinaryPrimitives.WriteDoubleLittleEndian(rest, ConfidenceSum);
        BinaryPrimitives.WriteInt64LittleEndian(rest[8..], Pixels);
        BinaryPrimitives.WriteDoubleLittleEndian(rest[16..], LowestTileConfidence);
    }

    /// <summary>Restores a record <see cref="Write"/> made; false (and nothing changed) when its length does not fit.</summary>
    public bool TryRead(ReadOnlySpan<byte> source)
    {
        if (source.Length != RecordLength)
        {
            return false;
        }

        for (int k = 0; k < counts.Length; k++)
        {
            counts[k] = BinaryPrimitives.ReadUInt32LittleEndian(source[(k * sizeof(uint))..]);
        }

        ReadOnlySpan<byte> rest = source[(counts.Length * sizeof(uint))..];
        ConfidenceSum = BinaryPrimitives.ReadDoubleLittleEndian(rest);
        Pixels = BinaryPrimitives.ReadInt64LittleEndian(rest[8..]);
        LowestTileConfidence = BinaryPrimitives.ReadDoubleLittleEndian(rest[16..]);
        return true;
    }
}

using System.Numerics;

namespace Payload.Inference.Pipeline;

/// <summary>
/// What one tile produced: its class map (the part inside the scene), the share of each class and
/// statistics of the per-pixel confidence. Owned and reused by <see cref="SceneProducts"/>.
/// </summary>
public sealed class TileProduct
{
    private const int VectorisedCountLimit = 16;

    private readonly int[] _classCounts;
    private readonly byte[] _classMap;
    private readonly byte[] _confidenceMap;

    internal TileProduct(TilePlacement placement, int classCount)
    {
        Placement = placement;
        _classCounts = new int[classCount];
        _classMap = new byte[placement.ValidWidth * placement.ValidHeight];
        _confidenceMap = new byte[_classMap.Length];
    }

    /// <summary>Bits per sample of <see cref="ConfidenceMap"/>: a value v stands for confidence v / (2^8 − 1).</summary>
    public const int ConfidenceMapBits = 8;

    /// <summary>Where the tile lies in the scene.</summary>
    public TilePlacement Placement { get; }

    /// <summary>Pixels of the tile inside the scene (padding excluded).</summary>
    public int ValidPixels => _classMap.Length;

    /// <summary>Class of every in-scene pixel of the tile, row-major, <see cref="TilePlacement.ValidWidth"/> per row.</summary>
    public ReadOnlySpan<byte> ClassMap => _classMap;

    /// <summary>Confidence of every in-scene pixel's class quantised to <see cref="ConfidenceMapBits"/> bits, laid out as <see cref="ClassMap"/>.</summary>
    public ReadOnlySpan<byte> ConfidenceMap => _confidenceMap;

    /// <summary>Pixels per class.</summary>
    public ReadOnlySpan<int> ClassPixelCounts => _classCounts;

    /// <summary>Mean per-pixel confidence.</summary>
    public float ConfidenceMean { get; private set; }

    /// <summary>Lowest per-pixel confidence.</summary>
    public float ConfidenceMin { get; private set; }

    /// <summary>Highest per-pixel confidence.</summary>
    public float ConfidenceMax { get; private set; }

    /// <summary>The class covering most of the tile (lower index on a tie).</summary>
    public int DominantClass
    {
        get
        {
            int best = 0;
            for (int k = 1; k < _classCounts.Length; k++)
            {
                if (_classCounts[k] > _classCounts[best])
                {
                    best = k;
                }
            }

            return best;
        }
    }

    /// <summary>Share of the tile's in-scene pixels in class <paramref name="classIndex"/>.</summary>
    public double ClassFraction(int classIndex) => _classCounts[classIndex] / (double)ValidPixels;

    internal void Record(ReadOnlySpan<byte> classes, ReadOnlySpan<float> confidence, int tileSize)
    {
        Array.Clear(_classCounts);
        int width = Placement.ValidWidth;
        double sum = 0;
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        for (int ty = 0; ty < Placement.ValidHeight; ty++)
        {
            ReadOnlySpan<byte> classRow = classes.Slice(ty * tileSize, width);
            classRow.CopyTo(_classMap.AsSpan(ty * width, width));
            CountClasses(classRow);
            ReadOnlySpan<float> confidenceRow = confidence.Slice(ty * tileSize, width);
            sum += ConfidenceRow(confidenceRow, ref min, ref max);
            Quantise(confidenceRow, _confidenceMap.AsSpan(ty * width, width));
        }

        ConfidenceMean = (float)(sum / ValidPixels);
        ConfidenceMin = min;
        ConfidenceMax = max;
    }

    // Few classes: one vectorised count per class beats a per-pixel histogram (whose increments
    // of the same counter serialise); many classes: the histogram.
    private void CountClasses(ReadOnlySpan<byte> row)
    {
        if (_classCounts.Length <= VectorisedCountLimit)
        {
            for (int k = 0; k < _classCounts.Length; k++)
            {
                _classCounts[k] += row.Count((byte)k);
            }

            return;
        }

        foreach (byte c in row)
        {
            _classCounts[c]++;
        }
    }

    private static void Quantise(ReadOnlySpan<float> confidence, Span<byte> quantised)
    {
        const float FullScale = (1 << ConfidenceMapBits) - 1;
        for (int i = 0; i < confidence.Length; i++)
        {
            quantised[i] = (byte)((Math.Clamp(confidence[i], 0f, 1f) * FullScale) + 0.5f);
        }
    }

    private static float ConfidenceRow(ReadOnlySpan<float> row, ref float min, ref float max)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            Vector<float> vSum = Vector<float>.Zero;
            Vector<float> vMin = new(min);
            Vector<float> vMax = new(max);
            for (; i + Vector<float>.Count <= row.Length; i += Vector<float>.Count)
            {
                Vector<float> v = new(row[i..]);
                vSum += v;
                vMin = Vector.Min(vMin, v);
                vMax = Vector.Max(vMax, v);
            }

            sum = Vector.Sum(vSum);
            for (int lane = 0; lane < Vector<float>.Count; lane++)
            {
                min = MathF.Min(min, vMin[lane]);
                max = MathF.Max(max, vMax[lane]);
            }
        }

        for (; i < row.Length; i++)
        {
            sum += row[i];
            min = MathF.Min(min, row[i]);
            max = MathF.Max(max, row[i]);
        }

        return sum;
    }
}

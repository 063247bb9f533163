namespace Payload.Inference.Pipeline;

/// <summary>
/// What one tile produced: its class map (the part inside the scene), the share of each class and
/// statistics of the per-pixel confidence. Owned and reused by <see cref="SceneProducts"/>.
/// </summary>
public sealed class TileProduct
{
    private readonly int[] _classCounts;
    private readonly byte[] _classMap;

    internal TileProduct(TilePlacement placement, int classCount)
    {
        Placement = placement;
        _classCounts = new int[classCount];
        _classMap = new byte[placement.ValidWidth * placement.ValidHeight];
    }

    /// <summary>Where the tile lies in the scene.</summary>
    public TilePlacement Placement { get; }

    /// <summary>Pixels of the tile inside the scene (padding excluded).</summary>
    public int ValidPixels => _classMap.Length;

    /// <summary>Class of every in-scene pixel of the tile, row-major, <see cref="TilePlacement.ValidWidth"/> per row.</summary>
    public ReadOnlySpan<byte> ClassMap => _classMap;

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
            ReadOnlySpan<float> confidenceRow = confidence.Slice(ty * tileSize, width);
            classRow.CopyTo(_classMap.AsSpan(ty * width, width));
            foreach (byte c in classRow)
            {
                _classCounts[c]++;
            }

            float rowSum = 0;
            foreach (float v in confidenceRow)
            {
                rowSum += v;
                min = MathF.Min(min, v);
                max = MathF.Max(max, v);
            }

            sum += rowSum;
        }

        ConfidenceMean = (float)(sum / ValidPixels);
        ConfidenceMin = min;
        ConfidenceMax = max;
    }
}

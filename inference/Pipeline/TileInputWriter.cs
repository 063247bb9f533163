using System.Numerics;
using Payload.Hal.Imaging;
using Payload.Inference.Manifests;

namespace Payload.Inference.Pipeline;

/// <summary>
/// Fills one tile of a model input (<c>float32 [bands, tile, tile]</c>, a slice of an NCHW batch)
/// from a scene: selects the manifest's bands, applies scale and offset (and the per-tile z-score
/// when the manifest asks for it), and pads past the scene edge by repeating the last row and
/// column. Allocates nothing.
/// </summary>
internal sealed class TileInputWriter
{
    private readonly int[] _bandIndices;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly InputNormalisation _normalisation;

    /// <summary>Resolves the manifest's bands against the scene's band names.</summary>
    /// <exception cref="ArgumentException">The scene lacks a band the manifest needs; the message lists both.</exception>
    public TileInputWriter(ModelManifest manifest, IReadOnlyList<string> sceneBands, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sceneBands);
        _bandIndices = new int[manifest.Bands.Count];
        for (int c = 0; c < _bandIndices.Length; c++)
        {
            int found = -1;
            for (int b = 0; b < sceneBands.Count; b++)
            {
                if (string.Equals(sceneBands[b], manifest.Bands[c], StringComparison.OrdinalIgnoreCase))
                {
                    found = b;
                    break;
                }
            }

            if (found < 0)
            {
                throw new ArgumentException(
                    $"Model {manifest.Name} needs band '{manifest.Bands[c]}' ($.bands[{c}]) but the scene has bands {string.Join(", ", sceneBands)}.",
                    nameof(sceneBands));
            }

            _bandIndices[c] = found;
        }

        _scale = [.. manifest.Scale];
        _offset = [.. manifest.Offset];
        _normalisation = manifest.Normalisation;
        TileSize = tileSize;
        SceneBands = [.. sceneBands];
    }

    /// <summary>Tile edge in pixels.</summary>
    public int TileSize { get; }

    private IReadOnlyList<string> SceneBands { get; }

    /// <summary>Whether this writer was resolved against the same band names (in order).</summary>
    public bool Matches(IReadOnlyList<string> sceneBands)
    {
        if (ReferenceEquals(sceneBands, SceneBands))
        {
            return true;
        }

        if (sceneBands.Count != SceneBands.Count)
        {
            return false;
        }

        for (int i = 0; i < sceneBands.Count; i++)
        {
            if (!string.Equals(sceneBands[i], SceneBands[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Floats one tile occupies in the input tensor.</summary>
    public int ElementsPerTile => _bandIndices.Length * TileSize * TileSize;

    /// <summary>Writes the tile at <paramref name="placement"/> of <paramref name="scene"/> into <paramref name="destination"/>.</summary>
    public void Write(MultispectralScene scene, in TilePlacement placement, Span<float> destination)
    {
        int t = TileSize;
        int plane = t * t;
        for (int c = 0; c < _bandIndices.Length; c++)
        {
            ReadOnlySpan<ushort> band = scene.Band(_bandIndices[c]);
            Span<float> target = destination.Slice(c * plane, plane);
            float scale = _scale[c];
            float offset = _offset[c];
            for (int ty = 0; ty < t; ty++)
            {
                int sy = Math.Min(placement.Y + ty, scene.Height - 1);
                ReadOnlySpan<ushort> source = band.Slice((sy * scene.Width) + placement.X, placement.ValidWidth);
                Span<float> row = target.Slice(ty * t, t);
                ScaleRow(source, row, scale, offset);
                if (placement.ValidWidth < t)
                {
                    row[placement.ValidWidth..].Fill(row[placement.ValidWidth - 1]);
                }
            }
        }

        if (_normalisation == InputNormalisation.TileZScore)
        {
            Standardise(destination[..ElementsPerTile]);
        }
    }

    private static void ScaleRow(ReadOnlySpan<ushort> source, Span<float> destination, float scale, float offset)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<ushort>.Count;
            int half = Vector<float>.Count;
            Vector<float> s = new(scale);
            Vector<float> o = new(offset);
            for (; i + width <= source.Length; i += width)
            {
                Vector.Widen(new Vector<ushort>(source[i..]), out Vector<uint> low, out Vector<uint> high);
                Vector.FusedMultiplyAdd(Vector.ConvertToSingle(low), s, o).CopyTo(destination[i..]);
                Vector.FusedMultiplyAdd(Vector.ConvertToSingle(high), s, o).CopyTo(destination[(i + half)..]);
            }

        }

        for (; i < source.Length; i++)
        {
            destination[i] = (source[i] * scale) + offset;
        }
    }

    private static void Standardise(Span<float> values)
    {
        double sum = 0;
        double sumSquares = 0;
        foreach (float v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }

        double mean = sum / values.Length;
        double variance = Math.Max((sumSquares / values.Length) - (mean * mean), 0);
        // A flat tile has no spread to divide by; centring alone keeps it finite.
        float inverse = variance > 0 ? (float)(1 / Math.Sqrt(variance)) : 1f;
        float shift = (float)-mean * inverse;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] * inverse) + shift;
        }
    }
}

using System.Numerics;
using Payload.Inference.Manifests;

namespace Payload.Inference.Pipeline;

/// <summary>
/// Turns one tile of model output into a class per pixel and a confidence per pixel, following
/// the manifest's <see cref="OutputDecoding"/>. Argmax ties go to the lower class index.
/// Allocates nothing.
/// </summary>
internal sealed class ClassMapDecoder
{
    private readonly OutputDecoding _decoding;
    private readonly bool _channelsLast;

    /// <summary>Creates the decoder for outputs with <paramref name="channels"/> values per pixel.</summary>
    public ClassMapDecoder(OutputDecoding decoding, int channels, int pixelsPerTile)
    {
        ArgumentNullException.ThrowIfNull(decoding);
        _decoding = decoding;
        _channelsLast = decoding.Kind == DecodingKind.Argmax && decoding.Axis is 3 or -1;
        Channels = channels;
        PixelsPerTile = pixelsPerTile;
    }

    /// <summary>Values per pixel in the output (the class axis length).</summary>
    public int Channels { get; }

    /// <summary>Pixels per tile.</summary>
    public int PixelsPerTile { get; }

    /// <summary>Floats one tile occupies in the output tensor.</summary>
    public int ElementsPerTile => Channels * PixelsPerTile;

    /// <summary>Decodes <paramref name="output"/> (one tile) into <paramref name="classes"/> and <paramref name="confidence"/>.</summary>
    public void Decode(ReadOnlySpan<float> output, Span<byte> classes, Span<float> confidence)
    {
        if (_decoding.Kind == DecodingKind.Threshold)
        {
            DecodeThreshold(output.Slice(_decoding.Channel * PixelsPerTile, PixelsPerTile), _decoding.Threshold, classes, confidence);
        }
        else if (_channelsLast)
        {
            DecodeArgmaxChannelsLast(output, Channels, classes, confidence);
        }
        else
        {
            DecodeArgmaxPlanar(output, Channels, PixelsPerTile, classes, confidence);
        }
    }

    private static void DecodeArgmaxPlanar(ReadOnlySpan<float> output, int channels, int pixels, Span<byte> classes, Span<float> confidence)
    {
        int p = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Four vectors of int class indices narrow to one vector of bytes.
            int lanes = Vector<float>.Count;
            int block = 4 * lanes;
            for (; p + block <= pixels; p += block)
            {
                Vector<int> i0 = ArgmaxLanes(output, channels, pixels, p, confidence);
                Vector<int> i1 = ArgmaxLanes(output, channels, pixels, p + lanes, confidence);
                Vector<int> i2 = ArgmaxLanes(output, channels, pixels, p + (2 * lanes), confidence);
                Vector<int> i3 = ArgmaxLanes(output, channels, pixels, p + (3 * lanes), confidence);
                Vector<short> low = Vector.Narrow(i0, i1);
                Vector<short> high = Vector.Narrow(i2, i3);
                Vector.AsVectorByte(Vector.Narrow(low, high)).CopyTo(classes[p..]);
            }
        }

        for (; p < pixels; p++)
        {
            float best = output[p];
            int index = 0;
            for (int k = 1; k < channels; k++)
            {
                float value = output[(k * pixels) + p];
                if (value > best)
                {
                    best = value;
                    index = k;
                }
            }

            classes[p] = (byte)index;
            confidence[p] = best;
        }
    }

    private static Vector<int> ArgmaxLanes(ReadOnlySpan<float> output, int channels, int pixels, int p, Span<float> confidence)
    {
        Vector<float> best = new(output[p..]);
        Vector<int> index = Vector<int>.Zero;
        for (int k = 1; k < channels; k++)
        {
            Vector<float> value = new(output[((k * pixels) + p)..]);
            Vector<int> greater = Vector.GreaterThan(value, best);
            best = Vector.ConditionalSelect(greater, value, best);
            index = Vector.ConditionalSelect(greater, new Vector<int>(k), index);
        }

        best.CopyTo(confidence[p..]);
        return index;
    }

    private static void DecodeArgmaxChannelsLast(ReadOnlySpan<float> output, int channels, Span<byte> classes, Span<float> confidence)
    {
        for (int p = 0; p < classes.Length; p++)
        {
            ReadOnlySpan<float> values = output.Slice(p * channels, channels);
            float best = values[0];
            int index = 0;
            for (int k = 1; k < channels; k++)
            {
                if (values[k] > best)
                {
                    best = values[k];
                    index = k;
                }
            }

            classes[p] = (byte)index;
            confidence[p] = best;
        }
    }

    private static void DecodeThreshold(ReadOnlySpan<float> logits, float threshold, Span<byte> classes, Span<float> confidence)
    {
        for (int p = 0; p < logits.Length; p++)
        {
            float distance = logits[p] - threshold;
            classes[p] = distance > 0 ? (byte)1 : (byte)0;
            confidence[p] = 1f / (1f + MathF.Exp(-MathF.Abs(distance)));
        }
    }
}

using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;

namespace Payload.Inference.Tests.Pipeline;

public class ClassMapDecoderTests
{
    [Test]
    public void Argmax_over_planes_picks_the_largest_channel_and_reports_its_value()
    {
        // 3 channels x 2 pixels, NCHW planes.
        float[] output = [0.1f, 0.7f, 0.6f, 0.2f, 0.3f, 0.1f];
        ClassMapDecoder decoder = new(new OutputDecoding { Kind = DecodingKind.Argmax, Axis = 1 }, channels: 3, pixelsPerTile: 2);
        byte[] classes = new byte[2];
        float[] confidence = new float[2];

        decoder.Decode(output, classes, confidence);

        Assert.That(classes, Is.EqualTo(new byte[] { 1, 0 }));
        Assert.That(confidence, Is.EqualTo(new[] { 0.6f, 0.7f }));
    }

    [Test]
    public void Argmax_over_many_pixels_agrees_with_a_plain_loop_including_ties_to_the_lower_class()
    {
        const int Pixels = 8 * 13 + 5;
        const int Channels = 4;
        Random random = new(1234);
        float[] output = new float[Channels * Pixels];
        for (int i = 0; i < output.Length; i++)
        {
            // Few distinct values make ties common.
            output[i] = random.Next(4) / 4f;
        }

        ClassMapDecoder decoder = new(new OutputDecoding { Kind = DecodingKind.Argmax, Axis = -3 }, Channels, Pixels);
        byte[] classes = new byte[Pixels];
        float[] confidence = new float[Pixels];

        decoder.Decode(output, classes, confidence);

        for (int p = 0; p < Pixels; p++)
        {
            float[] values = Enumerable.Range(0, Channels).Select(k => output[(k * Pixels) + p]).ToArray();
            Assert.That(classes[p], Is.EqualTo(Array.IndexOf(values, values.Max())), $"pixel {p}");
            Assert.That(confidence[p], Is.EqualTo(values.Max()), $"pixel {p}");
        }
    }

    [Test]
    public void Argmax_over_the_last_axis_reads_channels_interleaved()
    {
        float[] output = [0.1f, 0.9f, 0.8f, 0.2f, 0.5f, 0.5f];
        ClassMapDecoder decoder = new(new OutputDecoding { Kind = DecodingKind.Argmax, Axis = 3 }, channels: 2, pixelsPerTile: 3);
        byte[] classes = new byte[3];
        float[] confidence = new float[3];

        decoder.Decode(output, classes, confidence);

        Assert.That(classes, Is.EqualTo(new byte[] { 1, 0, 0 }));
        Assert.That(confidence, Is.EqualTo(new[] { 0.9f, 0.8f, 0.5f }));
    }

    [Test]
    public void Threshold_on_a_logit_gives_class_one_above_and_a_sigmoid_confidence()
    {
        float[] output = [2f, -1f, 0.5f, 0.5f];
        ClassMapDecoder decoder = new(new OutputDecoding { Kind = DecodingKind.Threshold, Channel = 0, Threshold = 0.5f }, channels: 1, pixelsPerTile: 4);
        byte[] classes = new byte[4];
        float[] confidence = new float[4];

        decoder.Decode(output, classes, confidence);

        Assert.That(classes, Is.EqualTo(new byte[] { 1, 0, 0, 0 }));
        Assert.That(confidence[0], Is.EqualTo(1 / (1 + Math.Exp(-1.5))).Within(1e-6));
        Assert.That(confidence[1], Is.EqualTo(1 / (1 + Math.Exp(-1.5))).Within(1e-6));
        Assert.That(confidence[2], Is.EqualTo(0.5f));
    }
}

using Payload.Hal.Imaging;

namespace Payload.Hal.Tests.Imaging;

public class MultispectralSceneTests
{
    private static readonly string[] Rgbn = ["blue", "green", "red", "nir"];
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Bands_are_consecutive_planes_of_the_band_sequential_samples()
    {
        ushort[] samples = Enumerable.Range(0, 4 * 2 * 3).Select(i => (ushort)i).ToArray();
        MultispectralScene scene = new("s1", Noon, width: 3, height: 2, Rgbn, 12, samples);

        Assert.That(scene.Band(2).ToArray(), Is.EqualTo(new ushort[] { 12, 13, 14, 15, 16, 17 }));
        Assert.That(scene.Band("NIR").ToArray(), Is.EqualTo(new ushort[] { 18, 19, 20, 21, 22, 23 }));
        Assert.That(scene.Row(1, 1).ToArray(), Is.EqualTo(new ushort[] { 9, 10, 11 }));
        Assert.That(scene.PixelCount, Is.EqualTo(6));
        Assert.That(scene.MaxSampleValue, Is.EqualTo(4095));
    }

    [Test]
    public void Writing_through_a_band_span_changes_the_scene()
    {
        MultispectralScene scene = MultispectralScene.CreateEmpty("s2", Noon, 2, 2, Rgbn, 12);

        scene.Band("red")[3] = 777;

        Assert.That(scene.Samples[(2 * 4) + 3], Is.EqualTo(777));
    }

    [Test]
    public void Converts_to_and_from_a_uint16_stack()
    {
        MultispectralScene scene = MultispectralScene.CreateEmpty("s3", Noon, 3, 2, Rgbn, 12);
        scene.Band(1).Fill(5);

        NpyArray stack = scene.ToNpy();
        MultispectralScene back = MultispectralScene.FromNpy(stack, "s3b", Noon, Rgbn, 12);

        Assert.That(stack.Shape, Is.EqualTo(new[] { 4, 2, 3 }));
        Assert.That(back.Samples.ToArray(), Is.EqualTo(scene.Samples.ToArray()));
        Assert.That((back.Width, back.Height), Is.EqualTo((3, 2)));
    }

    [Test]
    public void A_stack_with_the_wrong_type_or_band_count_is_refused_with_its_shape()
    {
        Assert.That(
            () => MultispectralScene.FromNpy(NpyArray.FromFloat32([4, 1, 1], [1, 2, 3, 4]), "x", Noon, Rgbn, 12),
            Throws.ArgumentException.With.Message.Contains("Float32 (4, 1, 1)"));
        Assert.That(
            () => MultispectralScene.FromNpy(NpyArray.FromUInt16([3, 1, 1], [1, 2, 3]), "x", Noon, Rgbn, 12),
            Throws.ArgumentException.With.Message.Contains("3 bands"));
    }

    [TestCase(0, 2, 12, 0, "width 0")]
    [TestCase(2, -1, 12, 0, "height -1")]
    [TestCase(2, 2, 17, 16, "bit depth 17")]
    [TestCase(2, 2, 12, 15, "15 samples given, expected 16")]
    public void Inconsistent_dimensions_are_refused_naming_the_value(int width, int height, int bitDepth, int sampleCount, string text)
    {
        int count = sampleCount == 0 ? 16 : sampleCount;
        Assert.That(
            () => new MultispectralScene("bad", Noon, width, height, Rgbn, bitDepth, new ushort[count]),
            Throws.ArgumentException.With.Message.Contains(text));
    }

    [Test]
    public void Duplicate_or_unknown_band_names_are_refused()
    {
        Assert.That(
            () => new MultispectralScene("d", Noon, 1, 1, ["red", "red"], 12, new ushort[2]),
            Throws.ArgumentException.With.Message.Contains("'red' appears twice"));
        MultispectralScene scene = MultispectralScene.CreateEmpty("u", Noon, 1, 1, Rgbn, 12);
        Assert.That(() => scene.Band("swir"), Throws.ArgumentException.With.Message.Contains("blue, green, red, nir"));
        Assert.That(() => scene.Band(4), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}

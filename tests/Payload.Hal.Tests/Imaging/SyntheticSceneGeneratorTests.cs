using Payload.Hal.Imaging;

namespace Payload.Hal.Tests.Imaging;

public class SyntheticSceneGeneratorTests
{
    [Test]
    public void The_same_seed_gives_the_same_bytes_and_labels()
    {
        SyntheticSceneGenerator generator = new(96, 64);

        SyntheticScene a = generator.Generate(42);
        SyntheticScene b = generator.Generate(42);

        Assert.That(a.Scene.Samples.SequenceEqual(b.Scene.Samples), Is.True);
        Assert.That(a.Labels.SequenceEqual(b.Labels), Is.True);
        Assert.That(a.Scene.SceneId, Is.EqualTo(b.Scene.SceneId));
    }

    [Test]
    public void Different_seeds_give_different_scenes()
    {
        SyntheticSceneGenerator generator = new(96, 64);

        SyntheticScene a = generator.Generate(1);
        SyntheticScene b = generator.Generate(2);

        Assert.That(a.Scene.Samples.SequenceEqual(b.Scene.Samples), Is.False);
        Assert.That(a.Labels.SequenceEqual(b.Labels), Is.False);
        Assert.That(a.Scene.SceneId, Is.Not.EqualTo(b.Scene.SceneId));
    }

    [TestCase(0)]
    [TestCase(7)]
    [TestCase(-123456)]
    public void Every_class_is_present_at_the_default_size(int seed)
    {
        SyntheticScene scene = new SyntheticSceneGenerator().Generate(seed);

        int[] counts = CountLabels(scene);

        Assert.That((scene.Scene.Width, scene.Scene.Height), Is.EqualTo((512, 512)));
        Assert.That(counts, Has.All.GreaterThan(512 * 512 / 50), "each class covers at least 2 % of the scene");
        Assert.That(counts.Sum(), Is.EqualTo(512 * 512), "every label is one of the four classes");
    }

    [Test]
    public void Samples_stay_within_12_bits_and_the_scene_says_so()
    {
        SyntheticScene scene = new SyntheticSceneGenerator(128, 128) { CloudCover = 0.5 }.Generate(3);

        Assert.That(scene.Scene.BitDepth, Is.EqualTo(12));
        Assert.That(scene.Scene.BandNames, Is.EqualTo(new[] { "blue", "green", "red", "nir" }));
        int max = 0;
        foreach (ushort v in scene.Scene.Samples)
        {
            max = Math.Max(max, v);
        }

        Assert.That(max, Is.InRange(2000, 4095));
    }

    [Test]
    public void Class_fractions_follow_the_requested_cover()
    {
        SyntheticScene scene = new SyntheticSceneGenerator(200, 150) { CloudCover = 0.2, WaterFraction = 0.25, VegetationFraction = 0.5 }.Generate(11);

        int[] counts = CountLabels(scene);
        double n = 200 * 150;

        Assert.That(counts[(int)LandCoverClass.Cloud] / n, Is.EqualTo(0.2).Within(0.01));
        // Water and vegetation are drawn under the cloud too: their share of the clear part is what was requested.
        double clear = n - counts[(int)LandCoverClass.Cloud];
        Assert.That(counts[(int)LandCoverClass.Water] / clear, Is.EqualTo(0.25).Within(0.06));
    }

    [Test]
    public void Class_spectra_are_physically_plausible()
    {
        SyntheticScene scene = new SyntheticSceneGenerator(160, 160).Generate(5);
        double[,] mean = MeanPerClass(scene);
        const int Blue = 0, Green = 1, Red = 2, Nir = 3;
        int land = (int)LandCoverClass.Land, water = (int)LandCoverClass.Water;
        int vegetation = (int)LandCoverClass.Vegetation, cloud = (int)LandCoverClass.Cloud;

        Assert.Multiple(() =>
        {
            Assert.That(mean[water, Nir], Is.LessThan(mean[water, Green]), "water is darkest in the NIR");
            Assert.That(mean[water, Nir], Is.LessThan(mean[land, Nir] / 3), "water is dark in the NIR compared with land");
            Assert.That(mean[vegetation, Nir], Is.GreaterThan(4 * mean[vegetation, Red]), "vegetation: high NIR, low red");
            Assert.That(mean[land, Red], Is.GreaterThan(mean[land, Blue]), "soil reddens towards longer wavelengths");
            Assert.That(mean[cloud, Blue], Is.GreaterThan(2 * mean[land, Red]), "cloud is bright");
            Assert.That(Math.Abs(mean[cloud, Blue] - mean[cloud, Nir]) / mean[cloud, Blue], Is.LessThan(0.1), "cloud is white");
        });
    }

    [Test]
    public void Labels_export_as_a_uint8_height_by_width_array()
    {
        SyntheticScene scene = new SyntheticSceneGenerator(30, 20).Generate(9);

        NpyArray labels = scene.LabelsToNpy();

        Assert.That(labels.DataType, Is.EqualTo(NpyDataType.UInt8));
        Assert.That(labels.Shape, Is.EqualTo(new[] { 20, 30 }));
        Assert.That(labels.Data, Is.EqualTo(scene.Labels.ToArray()));
    }

    [TestCase(0, 10)]
    [TestCase(10, -1)]
    public void A_non_positive_size_is_refused(int width, int height)
    {
        Assert.That(() => new SyntheticSceneGenerator(width, height), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static int[] CountLabels(SyntheticScene scene)
    {
        int[] counts = new int[4];
        foreach (byte label in scene.Labels)
        {
            if (label < 4)
            {
                counts[label]++;
            }
        }

        return counts;
    }

    private static double[,] MeanPerClass(SyntheticScene scene)
    {
        double[,] sum = new double[4, 4];
        int[] counts = CountLabels(scene);
        for (int band = 0; band < 4; band++)
        {
            ReadOnlySpan<ushort> samples = scene.Scene.Band(band);
            for (int i = 0; i < samples.Length; i++)
            {
                sum[scene.Labels[i], band] += samples[i];
            }
        }

        for (int c = 0; c < 4; c++)
        {
            for (int band = 0; band < 4; band++)
            {
                sum[c, band] /= Math.Max(1, counts[c]);
            }
        }

        return sum;
    }
}

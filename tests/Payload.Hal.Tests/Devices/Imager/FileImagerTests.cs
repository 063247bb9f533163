using Payload.Hal.Devices.Imager;
using Payload.Hal.Imaging;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Devices.Imager;

public class FileImagerTests
{
    private static readonly string[] Bands = ["blue", "green", "red", "nir"];
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"payload-imager-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Npy_stacks_are_served_in_name_order_and_then_cycle()
    {
        MultispectralScene a = new SyntheticSceneGenerator(32, 16).Generate(1).Scene;
        MultispectralScene b = new SyntheticSceneGenerator(32, 16).Generate(2).Scene;
        NpyFile.Write(Path.Combine(_folder, "pass-001.npy"), a.ToNpy());
        NpyFile.Write(Path.Combine(_folder, "pass-002.npy"), b.ToNpy());
        var clock = new SimulatedClock();
        var imager = new FileImager(_folder, new FileImagerOptions(Bands, 12), clock);

        MultispectralScene first = await imager.CaptureAsync();
        MultispectralScene second = await imager.CaptureAsync();
        MultispectralScene third = await imager.CaptureAsync();

        Assert.That(first.SceneId, Is.EqualTo("pass-001"));
        Assert.That(first.Samples.ToArray(), Is.EqualTo(a.Samples.ToArray()));
        Assert.That(second.Samples.ToArray(), Is.EqualTo(b.Samples.ToArray()));
        Assert.That(third.SceneId, Is.EqualTo("pass-001"));
        Assert.That(first.CaptureTime, Is.EqualTo(clock.GetUtcNow()));
        Assert.That(first.BandNames, Is.EqualTo(Bands));
    }

    [Test]
    public async Task Raw_files_are_little_endian_band_sequential()
    {
        byte[] raw = new byte[2 * 3 * 4 * 2];
        raw[0] = 0x34;
        raw[1] = 0x12;
        raw[^2] = 0xFF;
        raw[^1] = 0x0F;
        await File.WriteAllBytesAsync(Path.Combine(_folder, "frame.raw"), raw);
        var imager = new FileImager(_folder, new FileImagerOptions(Bands, 12, RawWidth: 3, RawHeight: 2), new SimulatedClock());
        MultispectralScene scene = await imager.CaptureAsync();
        Assert.That(scene.Samples[0], Is.EqualTo(0x1234));
        Assert.That(scene.Samples[^1], Is.EqualTo(0x0FFF));
        Assert.That(scene.Band("nir").Length, Is.EqualTo(6));
    }

    [Test]
    public async Task Raw_file_of_the_wrong_size_is_rejected_naming_file_and_sizes()
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, "short.raw"), new byte[10]);
        var imager = new FileImager(_folder, new FileImagerOptions(Bands, 12, RawWidth: 3, RawHeight: 2), new SimulatedClock());
        Assert.That(async () => await imager.CaptureAsync(), Throws.TypeOf<ImagerException>()
            .With.Message.Contains("short.raw").And.Message.Contains("10 bytes").And.Message.Contains("expected 48"));
    }

    [Test]
    public void Npy_with_a_different_band_count_is_rejected()
    {
        NpyFile.Write(Path.Combine(_folder, "two-bands.npy"), NpyArray.FromUInt16([2, 2, 2], new ushort[8]));
        var imager = new FileImager(_folder, new FileImagerOptions(Bands, 12), new SimulatedClock());
        Assert.That(async () => await imager.CaptureAsync(), Throws.TypeOf<ImagerException>().With.Message.Contains("two-bands.npy").And.Message.Contains("2 bands"));
    }

    [Test]
    public void Folder_without_scene_files_is_rejected()
    {
        Assert.That(() => new FileImager(_folder, new FileImagerOptions(Bands, 12), new SimulatedClock()),
            Throws.TypeOf<ImagerException>().With.Message.Contains(_folder).And.Message.Contains("no .npy or .raw"));
    }
}

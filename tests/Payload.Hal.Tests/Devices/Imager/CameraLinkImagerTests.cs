using Payload.Hal.Buses;
using Payload.Hal.Devices.Imager;
using Payload.Hal.Imaging;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Devices.Imager;

/// <summary>The camera-link driver against the simulated camera board speaking the same protocol.</summary>
public class CameraLinkImagerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private SimulatedClock _clock = null!;
    private SimulatedUartPort _host = null!;
    private SimulatedUartPort _device = null!;
    private SimulatedCameraBoard _camera = null!;
    private CancellationTokenSource _stop = null!;
    private Task _cameraLoop = null!;

    private static SyntheticSceneGenerator Generator => new(96, 64);

    [SetUp]
    public void StartCamera()
    {
        _clock = new SimulatedClock();
        (_host, _device) = SimulatedUartPort.CreatePair("sim:camera-uart", new UartSettings(921600));
        _camera = new SimulatedCameraBoard(_device, Generator, _clock, firstSeed: 11);
        _stop = new CancellationTokenSource();
        _cameraLoop = _camera.RunAsync(_stop.Token);
    }

    [TearDown]
    public async Task StopCamera()
    {
        await _stop.CancelAsync();
        await _cameraLoop.WaitAsync(Patience);
        _stop.Dispose();
        _host.Dispose();
        _device.Dispose();
    }

    [Test]
    public async Task Captured_scene_is_the_generated_scene_with_the_camera_metadata()
    {
        var imager = new CameraLinkImager(_host);
        _clock.Advance(TimeSpan.FromMinutes(5));
        MultispectralScene scene = await imager.CaptureAsync().AsTask().WaitAsync(Patience);
        MultispectralScene expected = Generator.Generate(11).Scene;

        Assert.That(scene.SceneId, Is.EqualTo(expected.SceneId));
        Assert.That(scene.CaptureTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(_clock.GetUtcNow().ToUnixTimeMilliseconds())));
        Assert.That(scene.BandNames, Is.EqualTo(new[] { "blue", "green", "red", "nir" }));
        Assert.That(scene.BitDepth, Is.EqualTo(12));
        Assert.That((scene.Width, scene.Height), Is.EqualTo((96, 64)));
        Assert.That(scene.Samples.ToArray(), Is.EqualTo(expected.Samples.ToArray()));
    }

    [Test]
    public async Task Consecutive_captures_deliver_consecutive_scenes()
    {
        var imager = new CameraLinkImager(_host);
        MultispectralScene first = await imager.CaptureAsync().AsTask().WaitAsync(Patience);
        MultispectralScene second = await imager.CaptureAsync().AsTask().WaitAsync(Patience);
        Assert.That(second.SceneId, Is.Not.EqualTo(first.SceneId));
        Assert.That(second.Samples.ToArray(), Is.EqualTo(Generator.Generate(12).Scene.Samples.ToArray()));
        Assert.That(_camera.ScenesSent, Is.EqualTo(2));
    }

    [Test]
    public async Task A_scene_rendered_ahead_for_another_seed_is_the_one_the_next_capture_sends_and_seeds_count_on_from_it()
    {
        var imager = new CameraLinkImager(_host);
        await _camera.RenderAhead(40).WaitAsync(Patience);
        await _camera.RenderAhead(42).WaitAsync(Patience); // replaces the first guess; the render for 40 is not sent

        MultispectralScene first = await imager.CaptureAsync().AsTask().WaitAsync(Patience);
        MultispectralScene second = await imager.CaptureAsync().AsTask().WaitAsync(Patience);

        Assert.That(first.Samples.ToArray(), Is.EqualTo(Generator.Generate(42).Scene.Samples.ToArray()));
        Assert.That(second.Samples.ToArray(), Is.EqualTo(Generator.Generate(43).Scene.Samples.ToArray()));
        Assert.That(_camera.NextSeed, Is.EqualTo(44));
    }

    [Test]
    public async Task Asking_again_for_the_seed_being_rendered_reuses_that_render()
    {
        Task render = _camera.RenderAhead(11);

        Assert.That(_camera.RenderAhead(11), Is.SameAs(render));
        await render.WaitAsync(Patience);
    }

    [Test]
    public void Corrupted_data_frame_fails_the_capture_with_a_crc_error()
    {
        _camera.CorruptNextDataFrame = true;
        var imager = new CameraLinkImager(_host);
        Assert.That(async () => await imager.CaptureAsync().AsTask().WaitAsync(Patience),
            Throws.TypeOf<ImagerException>().With.Message.Contains("CRC").And.Message.Contains("sim:camera-uart"));
    }

    [Test]
    public void Dropped_data_frame_fails_the_capture_naming_the_gap()
    {
        // 96 x 64 x 4 bands x 2 bytes = 49152 bytes fits one chunk; use a bigger scene to have a second frame.
        Assert.That(async () => await CaptureLargeAsync(), Throws.TypeOf<ImagerException>().With.Message.Contains("sequence"));
    }

    [Test]
    public void Camera_reported_failure_is_raised_with_its_reason()
    {
        _camera.FailNextCapture("detector over-exposed");
        var imager = new CameraLinkImager(_host);
        Assert.That(async () => await imager.CaptureAsync().AsTask().WaitAsync(Patience),
            Throws.TypeOf<ImagerException>().With.Message.Contains("camera reported: detector over-exposed"));
    }

    private async Task<MultispectralScene> CaptureLargeAsync()
    {
        (SimulatedUartPort host, SimulatedUartPort device) = SimulatedUartPort.CreatePair("sim:camera-uart-2", new UartSettings(921600));
        using (host)
        using (device)
        using (var stop = new CancellationTokenSource())
        {
            var camera = new SimulatedCameraBoard(device, new SyntheticSceneGenerator(256, 128), _clock) { DropNextDataFrame = true };
            Task loop = camera.RunAsync(stop.Token);
            try
            {
                return await new CameraLinkImager(host).CaptureAsync().AsTask().WaitAsync(Patience);
            }
            finally
            {
                await stop.CancelAsync();
                await loop.WaitAsync(Patience);
            }
        }
    }
}

using Payload.Hal.Imaging;

namespace Payload.Hal.Devices.Imager;

/// <summary>A source of multispectral scenes: a camera board, files on a rig without a camera, or the simulated board.</summary>
public interface IImager
{
    /// <summary>Name in messages.</summary>
    string Name { get; }

    /// <summary>Takes (or loads) the next scene with its metadata: scene id, capture time, bands, bit depth.</summary>
    /// <exception cref="ImagerException">The source failed; the message says which source and why.</exception>
    ValueTask<MultispectralScene> CaptureAsync(CancellationToken cancellationToken = default);
}

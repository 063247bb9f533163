namespace Payload.Hal.Imaging;

/// <summary>A generated scene together with the per-pixel ground truth it was drawn from.</summary>
public sealed class SyntheticScene
{
    private readonly byte[] _labels;

    internal SyntheticScene(int seed, MultispectralScene scene, byte[] labels)
    {
        Seed = seed;
        Scene = scene;
        _labels = labels;
    }

    /// <summary>The seed that reproduces this scene.</summary>
    public int Seed { get; }

    /// <summary>The imagery: blue, green, red, nir; 12-bit samples in 16-bit containers.</summary>
    public MultispectralScene Scene { get; }

    /// <summary>One <see cref="LandCoverClass"/> value per pixel, row-major.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>The label map as a <c>uint8 (height, width)</c> array.</summary>
    public NpyArray LabelsToNpy() => NpyArray.FromUInt8([Scene.Height, Scene.Width], _labels);
}

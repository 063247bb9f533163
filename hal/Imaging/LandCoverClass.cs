namespace Payload.Hal.Imaging;

/// <summary>Per-pixel classes of the synthetic scenes' ground truth (values as stored in the label map).</summary>
public enum LandCoverClass : byte
{
    /// <summary>Bare soil, rock, built-up: moderately bright, reddish, NIR a little above red.</summary>
    Land = 0,

    /// <summary>Open water: dark, darkest in the near-infrared.</summary>
    Water = 1,

    /// <summary>Green vegetation: low red (chlorophyll absorption), bright near-infrared (leaf structure).</summary>
    Vegetation = 2,

    /// <summary>Opaque cloud: bright and spectrally flat ("white") in every band.</summary>
    Cloud = 3,
}

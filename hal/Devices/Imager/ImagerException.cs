namespace Payload.Hal.Devices.Imager;

/// <summary>An imager could not deliver a scene: bad frame (field and value named), bad file, or a camera-reported error.</summary>
public sealed class ImagerException : IOException
{
    /// <summary>Creates the exception naming the imager.</summary>
    public ImagerException(string imager, string message, Exception? inner = null)
        : base($"Imager {imager}: {message}", inner)
    {
        Imager = imager;
    }

    /// <summary>The imager that failed.</summary>
    public string Imager { get; }
}

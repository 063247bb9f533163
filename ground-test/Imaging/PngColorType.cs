namespace Payload.GroundTest.Imaging;

/// <summary>PNG colour types this encoder writes (PNG spec, 3rd ed., §11.2.1 IHDR), all 8 bits deep.</summary>
internal enum PngColorType : byte
{
    /// <summary>One grey octet per pixel.</summary>
    Gray = 0,

    /// <summary>Three octets per pixel: red, green, blue.</summary>
    Rgb = 2,

    /// <summary>One palette index per pixel; a PLTE chunk holds the colours.</summary>
    Indexed = 3,
}

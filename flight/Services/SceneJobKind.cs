namespace Payload.Flight.Services;

/// <summary>What a <see cref="SceneJob"/> sends (values are stored in checkpoints).</summary>
internal enum SceneJobKind : byte
{
    /// <summary>IMAGE_SCENES: every tile's products, then the quicklook and the summary.</summary>
    Scene = 1,

    /// <summary>RESEND_TILES with a count: the products of the given tiles only.</summary>
    ResendTiles = 2,

    /// <summary>RESEND_TILES with count 0: every tile is processed again, only the quicklook and the summary are sent.</summary>
    ResendSummary = 3,
}

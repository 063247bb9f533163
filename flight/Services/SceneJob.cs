namespace Payload.Flight.Services;

/// <summary>One piece of queued work for the scene service: a scene by its seed and the tiles to send.</summary>
/// <param name="Kind">What is sent.</param>
/// <param name="Seed">The scene's seed, which is also the products' scene id.</param>
/// <param name="FirstTile">First tile (RESEND_TILES).</param>
/// <param name="Count">Tiles (RESEND_TILES); 0 otherwise.</param>
internal readonly record struct SceneJob(SceneJobKind Kind, uint Seed, ushort FirstTile = 0, ushort Count = 0);

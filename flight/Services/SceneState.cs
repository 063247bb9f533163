namespace Payload.Flight.Services;

/// <summary>Where the scene service stands, as it goes into a checkpoint.</summary>
/// <param name="Current">The job in progress, or null between jobs.</param>
/// <param name="NextTile">The first tile of <paramref name="Current"/> whose products were not yet handed to the downlink.</param>
/// <param name="CaptureTime">When the current scene was captured (kept so resumed products carry the original time).</param>
/// <param name="Tally">The current scene's summary tally so far (<see cref="Products.SceneTally"/> record).</param>
/// <param name="Queued">Jobs waiting, resends first, in the order they will run.</param>
internal sealed record SceneState(SceneJob? Current, int NextTile, DateTimeOffset CaptureTime, byte[] Tally, IReadOnlyList<SceneJob> Queued);

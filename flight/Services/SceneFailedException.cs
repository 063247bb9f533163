namespace Payload.Flight.Services;

/// <summary>A scene job failed (imager or model); the job was dropped and the executive treats it as a failed model.</summary>
internal sealed class SceneFailedException(uint seed, Exception inner)
    : Exception($"scene seed {seed}: {inner.Message}", inner)
{
    public uint Seed { get; } = seed;
}

using System.Text.Json;

namespace Payload.Flight.Executive;

/// <summary>
/// Keeps <see cref="BootState"/> in a small JSON file, replaced atomically (write then rename) so a reset while saving
/// leaves the previous state. A missing file is a first boot; an unreadable one is treated as a first boot too, since
/// refusing to boot would be worse.
/// </summary>
internal sealed class BootStateStore(string path)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public string Path { get; } = path;

    public BootState Load()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<BootState>(File.ReadAllText(Path), JsonOptions) ?? new BootState() : new BootState();
        }
        catch (JsonException)
        {
            return new BootState();
        }
    }

    public void Save(BootState state)
    {
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        string temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, JsonOptions));
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Counts this boot and returns the new state; boots older than <paramref name="window"/> are forgotten.</summary>
    public BootState RecordBoot(DateTimeOffset now, string resetReason, TimeSpan window)
    {
        BootState previous = Load();
        BootState next = previous with
        {
            BootCount = previous.BootCount + 1,
            RecentBoots = [.. previous.RecentBoots.Where(t => now - t < window && t <= now), now],
            LastResetReason = resetReason,
        };
        Save(next);
        return next;
    }
}

using Payload.Inference.Hardening;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// Upsets in checkpoint bytes on disk: faults applied to a slot file of a <see cref="CheckpointStore"/>
/// directory, then a fresh store loads. A rejected slot while the newest checkpoint still loads from
/// the other is <see cref="InjectionOutcome.Corrected"/> (the resume point is unchanged); a rejected
/// slot that makes the store fall back to an older checkpoint (or to none) is
/// <see cref="InjectionOutcome.Detected"/> (progress since then is lost, and reported); an accepted
/// load of the bytes last written is <see cref="InjectionOutcome.Masked"/>; an accepted load of
/// anything else is <see cref="InjectionOutcome.Sdc"/>.
/// </summary>
public static class CheckpointInjection
{
    /// <summary>
    /// Applies <paramref name="faults"/> (file offset, fault on the byte there) to slot <paramref name="slot"/>
    /// of the store in <paramref name="directory"/>, loads it, and classifies against <paramref name="written"/>,
    /// the data of the newest checkpoint written.
    /// </summary>
    /// <exception cref="CampaignException">The slot file is missing or an offset lies outside it.</exception>
    public static InjectionOutcome Inject(string directory, int slot, IReadOnlyList<(long Offset, Fault Fault)> faults, ReadOnlySpan<byte> written) =>
        Inject(directory, slot, faults, written, out _);

    /// <summary>As <see cref="Inject(string, int, IReadOnlyList{ValueTuple{long, Fault}}, ReadOnlySpan{byte})"/>, also giving the data the store loaded (null for none).</summary>
    internal static InjectionOutcome Inject(string directory, int slot, IReadOnlyList<(long Offset, Fault Fault)> faults, ReadOnlySpan<byte> written, out byte[]? loadedData)
    {
        ArgumentNullException.ThrowIfNull(faults);
        CheckpointStore store = new(directory);
        string path = store.SlotPath(slot);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CampaignException($"Checkpoint slot {slot} ({path}): {e.Message}", e);
        }

        foreach ((long offset, Fault fault) in faults)
        {
            if (offset < 0 || offset >= bytes.Length)
            {
                throw new CampaignException($"Checkpoint slot {slot} ({path}): offset {offset} is outside its {bytes.Length} bytes.");
            }

            fault.Apply(bytes.AsSpan((int)offset, 1));
        }

        File.WriteAllBytes(path, bytes);
        bool rejected = false;
        store.SlotRejected += (_, _) => rejected = true;
        Checkpoint? loaded = store.Load();
        loadedData = loaded?.Data;
        bool newest = loaded is not null && loaded.Data.AsSpan().SequenceEqual(written);
        return (rejected, newest) switch
        {
            (true, true) => InjectionOutcome.Corrected,
            (true, false) => InjectionOutcome.Detected,
            (false, true) => InjectionOutcome.Masked,
            _ => InjectionOutcome.Sdc,
        };
    }
}

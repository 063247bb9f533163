using Payload.Inference.Hardening;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// Upsets in checkpoint bytes on disk: faults applied to a slot file of a <see cref="CheckpointStore"/>
/// directory, then a fresh store loads. A slot the store rejects is <see cref="InjectionOutcome.Detected"/>
/// (it resumes from the other slot); an accepted load of the bytes last written is
/// <see cref="InjectionOutcome.Masked"/>; an accepted load of anything else is <see cref="InjectionOutcome.Sdc"/>.
/// </summary>
public static class CheckpointInjection
{
    /// <summary>
    /// Applies <paramref name="faults"/> (file offset, fault on the byte there) to slot <paramref name="slot"/>
    /// of the store in <paramref name="directory"/>, loads it, and classifies against <paramref name="written"/>,
    /// the data of the newest checkpoint written.
    /// </summary>
    /// <exception cref="CampaignException">The slot file is missing or an offset lies outside it.</exception>
    public static InjectionOutcome Inject(string directory, int slot, IReadOnlyList<(long Offset, Fault Fault)> faults, ReadOnlySpan<byte> written)
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
        if (rejected)
        {
            return InjectionOutcome.Detected;
        }

        return loaded is not null && loaded.Data.AsSpan().SequenceEqual(written) ? InjectionOutcome.Masked : InjectionOutcome.Sdc;
    }
}

namespace Payload.Inference.FaultInjection;

/// <summary>
/// A campaign target made of bytes outside the model (a checkpoint file, a CADU on the link): the
/// planner draws a region and a byte offset in it, and the target applies the record's fault there,
/// runs what reads those bytes and classifies the result. Implementations must be deterministic
/// (replay) and safe to call from several campaign workers at once.
/// </summary>
public interface IByteFaultTarget
{
    /// <summary>The spec target this implements (<see cref="FaultTarget.Checkpoint"/> or <see cref="FaultTarget.Cadu"/>).</summary>
    FaultTarget Target { get; }

    /// <summary>Regions that can be hit (the record's tensor name) and how many first-byte offsets each has.</summary>
    IReadOnlyList<(string Name, long Offsets)> Regions { get; }

    /// <summary>SHA-256 (hex) of what an intact read gives for campaign tile <paramref name="tile"/>.</summary>
    string GoldenHash(int tile);

    /// <summary>Applies <paramref name="record"/>'s fault at its region and offset, reads back, classifies; the hash is of what was read (null when nothing was).</summary>
    (InjectionOutcome Outcome, string? OutputHash) Inject(InjectionRecord record);
}

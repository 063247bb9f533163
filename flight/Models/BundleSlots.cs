using Payload.Inference.Packages;

namespace Payload.Flight.Models;

/// <summary>
/// The software updater's side of rig bundles: a staged bundle is verified against the ground key, checked
/// to be for this payload's runtime identifier, and written to the inactive slot of the same A/B store as
/// models (activation, probation and roll-back work the same way; the launcher starts the active slot).
/// </summary>
public sealed class BundleSlots
{
    private readonly GroundKey _trustedKey;
    private readonly string _rid;
    private readonly Action<SlotEvent> _events;

    private BundleSlots(SlotStore store, GroundKey trustedKey, string rid, Action<SlotEvent> events)
    {
        Store = store;
        _trustedKey = trustedKey;
        _rid = rid;
        _events = events;
    }

    public SlotStore Store { get; }

    /// <summary>Folder of the active build, or null.</summary>
    public string? ActiveDirectory => Store.Active is SlotName slot ? Store.PackageDirectory(slot) : null;

    public static BundleSlots Open(string root, GroundKey trustedKey, string rid, ProbationPolicy policy, TimeProvider? time = null, Action<SlotEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKey);
        ArgumentNullException.ThrowIfNull(rid);
        Action<SlotEvent> sink = events ?? (_ => { });
        return new BundleSlots(SlotStore.Open(root, policy, time, sink), trustedKey, rid, sink);
    }

    /// <summary>Verifies the staged bundle and writes it to the inactive slot, activating it when <paramref name="activate"/> is true.</summary>
    public SlotCommandResult Install(string stagedPath, bool activate = true)
    {
        ArgumentNullException.ThrowIfNull(stagedPath);
        _events(new SlotEvent(SlotEventKind.PackageStaged, null, $"staged bundle {stagedPath}"));
        try
        {
            VerifiedPackage package = PackageVerifier.Verify(stagedPath, _trustedKey);
            RuntimeBundle.Check(package, _rid);
            _events(new SlotEvent(SlotEventKind.PackageVerified, null, $"bundle {package.Manifest.Name} {package.Manifest.Version} for {_rid}: signature and {package.Manifest.Files.Count} file hashes verified"));
            SlotCommandResult written = Store.Write(package);
            return !written.Succeeded || !activate ? written : Store.Activate(written.Slot!.Value);
        }
        catch (PackageRejectedException e)
        {
            string message = $"{stagedPath} rejected ({e.Reason}): {e.Message}";
            _events(new SlotEvent(SlotEventKind.PackageRejected, null, message));
            return new SlotCommandResult(false, message, null, e.Reason);
        }
    }
}

using Payload.Inference.Manifests;
using Payload.Inference.Packages;
using Payload.Inference.Runtime;

namespace Payload.Flight.Models;

/// <summary>
/// The model lifecycle on board: a staged model package is verified against the ground key, loaded into
/// ONNX Runtime, checked against its manifest and golden vectors, written to the inactive slot and
/// activated on probation. Every step raises a <see cref="SlotEvent"/>; a rejected package leaves the
/// active model untouched.
/// </summary>
public sealed class ModelSlots
{
    private readonly GroundKey _trustedKey;
    private readonly Action<SlotEvent> _events;

    private ModelSlots(SlotStore store, GroundKey trustedKey, Action<SlotEvent> events)
    {
        Store = store;
        _trustedKey = trustedKey;
        _events = events;
    }

    /// <summary>The A/B store underneath: list, activate, roll back, delete, probation hooks.</summary>
    public SlotStore Store { get; }

    /// <summary>Path of the active model's ONNX file, or null when no model is active.</summary>
    public string? ActiveModelPath => Store.Active is SlotName slot ? Path.Combine(Store.PackageDirectory(slot), ModelPackageBuilder.ModelPath) : null;

    /// <summary>Path of the active model's manifest, or null.</summary>
    public string? ActiveManifestPath => Store.Active is SlotName slot ? Path.Combine(Store.PackageDirectory(slot), ModelPackageBuilder.ManifestPath) : null;

    /// <summary>Opens the model slots under <paramref name="root"/>, trusting packages signed by <paramref name="trustedKey"/>.</summary>
    public static ModelSlots Open(string root, GroundKey trustedKey, ProbationPolicy policy, TimeProvider? time = null, Action<SlotEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKey);
        Action<SlotEvent> sink = events ?? (_ => { });
        return new ModelSlots(SlotStore.Open(root, policy, time, sink), trustedKey, sink);
    }

    /// <summary>
    /// Runs the whole chain on the staged package at <paramref name="stagedPath"/> (zip, tar.gz or directory)
    /// and, when <paramref name="activate"/> is true, activates it. Never throws for a bad package: the
    /// result carries the <see cref="PackageRejection"/> and the message.
    /// </summary>
    public SlotCommandResult Install(string stagedPath, bool activate = true)
    {
        ArgumentNullException.ThrowIfNull(stagedPath);
        Raise(SlotEventKind.PackageStaged, null, $"staged package {stagedPath}");
        try
        {
            VerifiedPackage package = PackageVerifier.Verify(stagedPath, _trustedKey);
            Raise(SlotEventKind.PackageVerified, null, $"{package.Manifest.Name} {package.Manifest.Version}: signature by key {_trustedKey.KeyId} and {package.Manifest.Files.Count} file hashes verified");
            (InferenceSession session, ModelManifest manifest) = ModelPackageValidator.Load(package);
            using (session)
            {
                Raise(SlotEventKind.ModelLoaded, null, $"{manifest.Name} {manifest.Version}: loaded into ONNX Runtime: {session}");
                ModelPackageValidator.CheckTensors(session, manifest, package);
                Raise(SlotEventKind.TensorsChecked, null, $"{manifest.Name}: input '{manifest.InputName}' and output '{manifest.OutputName}' match the manifest");
                IReadOnlyList<GoldenComparison> golden = ModelPackageValidator.RunGolden(session, package);
                Raise(SlotEventKind.GoldenVectorsPassed, null, $"{manifest.Name}: golden vectors passed: {string.Join(", ", golden.Select(g => $"{g.Tensor} max error {g.MaxError:G4} <= {g.Tolerance:G4}"))}");
            }

            SlotCommandResult written = Store.Write(package);
            return !written.Succeeded || !activate ? written : Store.Activate(written.Slot!.Value);
        }
        catch (PackageRejectedException e)
        {
            string active = Store.Active is SlotName slot ? $"slot {slot} stays active" : "no model is active";
            string message = $"{stagedPath} rejected ({e.Reason}): {e.Message}; {active}";
            Raise(SlotEventKind.PackageRejected, null, message);
            return new SlotCommandResult(false, message, null, e.Reason);
        }
    }

    /// <summary>Reports one inference with the active model; during probation a failure rolls back. True when it rolled back.</summary>
    public bool RecordInference(bool succeeded, string? failure = null) => Store.RecordUse(succeeded, failure);

    private void Raise(SlotEventKind kind, SlotName? slot, string message) => _events(new SlotEvent(kind, slot, message));
}

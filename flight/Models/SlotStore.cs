using System.Text.Json;
using Payload.Inference.Packages;

namespace Payload.Flight.Models;

/// <summary>
/// A/B slots on disk for any verified package (models, software bundles). A package is written to the
/// inactive slot atomically (temporary directory, fsync, rename) and only then activated; the previous
/// slot stays as the roll-back target while the new one is on probation. Layout under the root:
/// <c>state.json</c>, and per slot <c>a/slot.json</c> + <c>a/package/…</c> (the package's own files).
/// Not thread-safe: the executive calls it from one thread.
/// </summary>
public sealed class SlotStore
{
    /// <summary>Folder inside a slot holding the package files.</summary>
    public const string PackageFolder = "package";

    private const string StateFile = "state.json";
    private const string MetadataFile = "slot.json";
    private const string TemporaryPrefix = ".tmp-";
    private const string RetiredPrefix = ".old-";

    private readonly string _root;
    private readonly ProbationPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Action<SlotEvent> _events;
    private readonly Dictionary<SlotName, SlotInfo> _slots = [];
    private StoreStateRecord _state = new();

    private SlotStore(string root, ProbationPolicy policy, TimeProvider time, Action<SlotEvent>? events)
    {
        _root = root;
        _policy = policy;
        _time = time;
        _events = events ?? (_ => { });
    }

    /// <summary>The active slot, or null when nothing is active.</summary>
    public SlotName? Active => _state.Active;

    /// <summary>The probation under way, or null.</summary>
    public ProbationStatus? Probation => _state.Probation;

    public string Root => _root;

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="root"/>: discards half-written slots left by a
    /// crash, re-hashes every installed file against its package manifest and marks altered slots corrupt.
    /// If the active slot is corrupt, the previous one is restored.
    /// </summary>
    public static SlotStore Open(string root, ProbationPolicy policy, TimeProvider? time = null, Action<SlotEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(policy);
        SlotStore store = new(Path.GetFullPath(root), policy, time ?? TimeProvider.System, events);
        store.Load();
        return store;
    }

    /// <summary>Both slots, A then B.</summary>
    public IReadOnlyList<SlotInfo> List() => [_slots[SlotName.A], _slots[SlotName.B]];

    /// <summary>The slot's package folder (where the installed files are).</summary>
    public string PackageDirectory(SlotName slot) => Path.Combine(SlotDirectory(slot), PackageFolder);

    /// <summary>The slot the next install goes to: never the active one, nor a probation's fallback.</summary>
    public SlotName InactiveSlot()
    {
        if (_state.Active is SlotName active)
        {
            return Other(active);
        }

        SlotInfo a = _slots[SlotName.A];
        SlotInfo b = _slots[SlotName.B];
        return a.State == SlotState.Empty ? SlotName.A
            : b.State == SlotState.Empty ? SlotName.B
            : a.Sequence <= b.Sequence ? SlotName.A : SlotName.B;
    }

    /// <summary>
    /// Writes <paramref name="package"/> into the inactive slot atomically and returns the slot. The active
    /// slot is not touched. Refused while a probation is under way (its fallback lives in the inactive slot).
    /// </summary>
    public SlotCommandResult Write(VerifiedPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (_state.Probation is ProbationStatus probation)
        {
            return Refuse($"slot {probation.Slot} is on probation; slot {probation.Fallback} is its roll-back target and cannot be overwritten until probation ends", probation.Fallback);
        }

        SlotName slot = InactiveSlot();
        long sequence = _state.LastSequence + 1;
        string temporary = Path.Combine(_root, $"{TemporaryPrefix}{slot}-{Guid.NewGuid():N}");
        string target = SlotDirectory(slot);
        SlotMetadata metadata = new()
        {
            Slot = slot,
            Sequence = sequence,
            PackageHash = package.ManifestHash,
            Name = package.Manifest.Name,
            Version = package.Manifest.Version,
            WrittenUtc = _time.GetUtcNow(),
        };
        try
        {
            WriteSlot(temporary, target, slot, package, metadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The active slot was never touched; whatever is left on disk is discarded at the next Open.
            DeleteQuietly(temporary);
            _slots[slot] = Inspect(slot);
            return Refuse($"slot {slot}: writing {metadata.Name} {metadata.Version} failed: {e.Message}", slot);
        }

        _state.LastSequence = sequence;
        if (_state.Previous == slot)
        {
            // The roll-back target was just replaced by a package that has never run.
            _state.Previous = null;
        }

        SaveState();
        _slots[slot] = Describe(slot, metadata, SlotState.Installed, null);
        return Raise(SlotEventKind.SlotWritten, slot, $"slot {slot}: wrote {metadata.Name} {metadata.Version} seq {sequence} sha256 {metadata.PackageHash}");
    }

    /// <summary>Makes <paramref name="slot"/> active; the formerly active slot becomes the fallback and probation starts.</summary>
    public SlotCommandResult Activate(SlotName slot)
    {
        SlotInfo info = _slots[slot];
        if (info.State == SlotState.Active)
        {
            return Refuse($"slot {slot} is already active", slot);
        }

        if (info.State != SlotState.Installed)
        {
            return Refuse($"slot {slot} is {info.State.ToString().ToLowerInvariant()}{(info.Problem is null ? "" : $" ({info.Problem})")}; only an installed slot can be activated", slot);
        }

        SlotName? previous = _state.Active;
        _state.Active = slot;
        _state.Previous = previous;
        _state.Probation = previous is SlotName fallback ? new ProbationStatus(slot, fallback, _time.GetUtcNow(), 0, 0) : null;
        SaveState();
        MarkStates();
        SlotCommandResult result = Raise(SlotEventKind.SlotActivated, slot, $"slot {slot}: activated {info.Name} {info.Version} seq {info.Sequence}{(previous is null ? "" : $", slot {previous} kept for roll-back")}");
        if (_state.Probation is ProbationStatus p)
        {
            Raise(SlotEventKind.ProbationStarted, slot, $"slot {slot}: probation until {_policy.Uses} uses or {_policy.Duration}, at most {_policy.MaxBoots} boots; falls back to slot {p.Fallback}");
        }

        return result;
    }

    /// <summary>Restores the previous slot (during or after probation).</summary>
    public SlotCommandResult RollBack() => RollBack("commanded");

    /// <summary>Empties <paramref name="slot"/>; refused for the active slot and for a probation's fallback.</summary>
    public SlotCommandResult Delete(SlotName slot)
    {
        if (_state.Active == slot)
        {
            return Refuse($"slot {slot} is active; activate or roll back to the other slot first", slot);
        }

        if (_state.Probation?.Fallback == slot)
        {
            return Refuse($"slot {slot} is the roll-back target of the probation of slot {_state.Probation.Slot}", slot);
        }

        if (_slots[slot].State == SlotState.Empty)
        {
            return Refuse($"slot {slot} is already empty", slot);
        }

        string retired = Path.Combine(_root, $"{RetiredPrefix}{slot}-{Guid.NewGuid():N}");
        Directory.Move(SlotDirectory(slot), retired);
        DurableFiles.SyncDirectory(_root);
        Directory.Delete(retired, recursive: true);
        if (_state.Previous == slot)
        {
            _state.Previous = null;
            SaveState();
        }

        _slots[slot] = Empty(slot);
        return Raise(SlotEventKind.SlotDeleted, slot, $"slot {slot}: deleted");
    }

    /// <summary>Call once per boot: counts the boot against a probation under way and rolls back after too many.</summary>
    public void RecordBoot()
    {
        if (_state.Probation is not ProbationStatus probation)
        {
            return;
        }

        ProbationStatus counted = probation with { Boots = probation.Boots + 1 };
        _state.Probation = counted;
        SaveState();
        Raise(SlotEventKind.BootCounted, counted.Slot, $"slot {counted.Slot}: boot {counted.Boots} of at most {_policy.MaxBoots} during probation");
        if (counted.Boots > _policy.MaxBoots)
        {
            Fail($"{counted.Boots} boots during probation exceed {_policy.MaxBoots}");
        }
    }

    /// <summary>
    /// Reports one use of the active slot (an inference). During probation a failure rolls back and a
    /// success counts towards passing. Returns true when this call rolled back.
    /// </summary>
    public bool RecordUse(bool succeeded, string? failure = null)
    {
        if (_state.Probation is not ProbationStatus probation)
        {
            return false;
        }

        if (!succeeded)
        {
            Fail($"a use failed during probation: {failure ?? "no reason given"}");
            return true;
        }

        // Counted in memory only: a use costs no disk write; the count is saved with the next state change.
        _state.Probation = probation with { Uses = probation.Uses + 1 };
        PassIfDue();
        return false;
    }

    /// <summary>Passes the probation if its duration has elapsed; call from a slow rate group.</summary>
    public void CheckProbation()
    {
        if (_state.Probation is not null)
        {
            PassIfDue();
        }
    }

    private bool PassIfDue()
    {
        ProbationStatus probation = _state.Probation!;
        TimeSpan elapsed = _time.GetUtcNow() - probation.StartedUtc;
        if (probation.Uses < _policy.Uses && elapsed < _policy.Duration)
        {
            return false;
        }

        _state.Probation = null;
        SaveState();
        Raise(SlotEventKind.ProbationPassed, probation.Slot, $"slot {probation.Slot}: probation passed after {probation.Uses} uses, {elapsed}, {probation.Boots} boots");
        return true;
    }

    private void Fail(string reason)
    {
        ProbationStatus probation = _state.Probation!;
        Raise(SlotEventKind.ProbationFailed, probation.Slot, $"slot {probation.Slot}: probation failed: {reason}");
        RollBack(reason);
    }

    private SlotCommandResult RollBack(string reason)
    {
        if (_state.Previous is not SlotName previous || _state.Active is not SlotName active)
        {
            return Refuse("there is no previous slot to roll back to");
        }

        if (_slots[previous].State is not (SlotState.Installed or SlotState.Active))
        {
            return Refuse($"slot {previous} is {_slots[previous].State.ToString().ToLowerInvariant()}; cannot roll back to it", previous);
        }

        _state.Active = previous;
        _state.Previous = active;
        _state.Probation = null;
        SaveState();
        MarkStates();
        return Raise(SlotEventKind.RolledBack, previous, $"slot {previous}: active again ({reason}); slot {active} kept");
    }

    private void WriteSlot(string temporary, string target, SlotName slot, VerifiedPackage package, SlotMetadata metadata)
    {
        string packageDirectory = Path.Combine(temporary, PackageFolder);
        Directory.CreateDirectory(packageDirectory);
        foreach ((string path, byte[] data) in package.Contents.Files)
        {
            string file = Path.Combine(packageDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            DurableFiles.Write(file, data);
            if (package.Manifest.Find(path)?.Executable == true && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        DurableFiles.Write(Path.Combine(temporary, MetadataFile), JsonSerializer.SerializeToUtf8Bytes(metadata, SlotJson.Options));
        foreach (string directory in Directory.EnumerateDirectories(temporary, "*", SearchOption.AllDirectories).Append(temporary))
        {
            DurableFiles.SyncDirectory(directory);
        }

        // Two renames: the slot path holds the old complete slot, then nothing (Open reads that as empty;
        // this is never the active slot), then the new complete slot. It never holds a partial one.
        if (Directory.Exists(target))
        {
            string retired = Path.Combine(_root, $"{RetiredPrefix}{slot}-{Guid.NewGuid():N}");
            Directory.Move(target, retired);
            Directory.Move(temporary, target);
            DurableFiles.SyncDirectory(_root);
            Directory.Delete(retired, recursive: true);
        }
        else
        {
            Directory.Move(temporary, target);
            DurableFiles.SyncDirectory(_root);
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Open removes it on the next start.
        }
    }

    private void Load()
    {
        Directory.CreateDirectory(_root);
        foreach (string leftover in Directory.EnumerateDirectories(_root)
                     .Where(d => Path.GetFileName(d).StartsWith(TemporaryPrefix, StringComparison.Ordinal) || Path.GetFileName(d).StartsWith(RetiredPrefix, StringComparison.Ordinal)))
        {
            Directory.Delete(leftover, recursive: true);
            Raise(SlotEventKind.PartialWriteDiscarded, null, $"discarded {Path.GetFileName(leftover)} left by an interrupted slot write");
        }

        string statePath = Path.Combine(_root, StateFile);
        if (File.Exists(statePath))
        {
            try
            {
                _state = JsonSerializer.Deserialize<StoreStateRecord>(File.ReadAllBytes(statePath), SlotJson.Options) ?? new StoreStateRecord();
            }
            catch (JsonException e)
            {
                _state = new StoreStateRecord();
                Raise(SlotEventKind.SlotCorrupt, null, $"{statePath} is unreadable ({e.Message}); starting with no active slot");
            }
        }

        foreach (SlotName slot in Enum.GetValues<SlotName>())
        {
            _slots[slot] = Inspect(slot);
            _state.LastSequence = Math.Max(_state.LastSequence, _slots[slot].Sequence);
        }

        if (_state.Active is SlotName active && _slots[active].State != SlotState.Installed)
        {
            string problem = _slots[active].Problem ?? "empty";
            if (_state.Previous is SlotName previous && _slots[previous].State == SlotState.Installed)
            {
                _state.Probation = null;
                RollBack($"active slot {active} is unusable: {problem}");
            }
            else
            {
                _state = new StoreStateRecord { LastSequence = _state.LastSequence };
                SaveState();
                Raise(SlotEventKind.SlotCorrupt, active, $"slot {active} was active but is unusable ({problem}) and there is no fallback; nothing is active");
            }
        }

        MarkStates();
    }

    private SlotInfo Inspect(SlotName slot)
    {
        string directory = SlotDirectory(slot);
        if (!Directory.Exists(directory))
        {
            return Empty(slot);
        }

        SlotMetadata? metadata = null;
        try
        {
            metadata = JsonSerializer.Deserialize<SlotMetadata>(File.ReadAllBytes(Path.Combine(directory, MetadataFile)), SlotJson.Options)
                ?? throw new JsonException("null metadata");
            string packageDirectory = PackageDirectory(slot);
            byte[] manifestBytes = File.ReadAllBytes(Path.Combine(packageDirectory, PackageManifest.FileName));
            string hash = PackageVerifier.Sha256Hex(manifestBytes);
            if (hash != metadata.PackageHash)
            {
                return Corrupt(slot, metadata, $"{PackageManifest.FileName} has SHA-256 {hash}, {MetadataFile} says {metadata.PackageHash}");
            }

            foreach (PackageFile file in PackageManifest.Parse(manifestBytes).Files)
            {
                string path = Path.Combine(packageDirectory, file.Path);
                if (!File.Exists(path))
                {
                    return Corrupt(slot, metadata, $"'{file.Path}' is missing");
                }

                string actual = PackageVerifier.Sha256Hex(File.ReadAllBytes(path));
                if (actual != file.Sha256)
                {
                    return Corrupt(slot, metadata, $"'{file.Path}' has SHA-256 {actual}, expected {file.Sha256}");
                }
            }

            return Describe(slot, metadata, SlotState.Installed, null);
        }
        catch (Exception e) when (e is IOException or JsonException or PackageRejectedException or UnauthorizedAccessException)
        {
            return Corrupt(slot, metadata, e.Message);
        }
    }

    private SlotInfo Corrupt(SlotName slot, SlotMetadata? metadata, string problem)
    {
        Raise(SlotEventKind.SlotCorrupt, slot, $"slot {slot}: {problem}");
        return new SlotInfo(slot, SlotState.Corrupt, metadata?.Sequence ?? 0, metadata?.PackageHash ?? "", metadata?.Name ?? "", metadata?.Version ?? "", problem);
    }

    private void MarkStates()
    {
        foreach (SlotName slot in Enum.GetValues<SlotName>())
        {
            SlotInfo info = _slots[slot];
            if (info.State is SlotState.Installed or SlotState.Active)
            {
                _slots[slot] = info with { State = _state.Active == slot ? SlotState.Active : SlotState.Installed };
            }
        }
    }

    private void SaveState() => DurableFiles.Replace(Path.Combine(_root, StateFile), JsonSerializer.SerializeToUtf8Bytes(_state, SlotJson.Options));

    private string SlotDirectory(SlotName slot) => Path.Combine(_root, slot.ToString().ToLowerInvariant());

    private static SlotName Other(SlotName slot) => slot == SlotName.A ? SlotName.B : SlotName.A;

    private static SlotInfo Empty(SlotName slot) => new(slot, SlotState.Empty, 0, "", "", "", null);

    private static SlotInfo Describe(SlotName slot, SlotMetadata metadata, SlotState state, string? problem) =>
        new(slot, state, metadata.Sequence, metadata.PackageHash, metadata.Name, metadata.Version, problem);

    private SlotCommandResult Refuse(string message, SlotName? slot = null)
    {
        _events(new SlotEvent(SlotEventKind.CommandRefused, slot, message));
        return SlotCommandResult.Refused(message, slot);
    }

    private SlotCommandResult Raise(SlotEventKind kind, SlotName? slot, string message)
    {
        _events(new SlotEvent(kind, slot, message));
        return SlotCommandResult.Done(slot, message);
    }
}

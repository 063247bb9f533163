using Payload.Flight.Models;
using Payload.Inference.Packages;
using Payload.Inference.Tests.Packages;

namespace Payload.Flight.Tests.Models;

public class ModelSlotsTests
{
    private static readonly ProbationPolicy Policy = new(Uses: 3, Duration: TimeSpan.FromMinutes(10), MaxBoots: 2);

    private GroundKey _key = null!;
    private string _staging = null!;
    private string _root = null!;
    private List<SlotEvent> _events = null!;
    private ManualTime _time = null!;

    [OneTimeSetUp]
    public void BuildPackages()
    {
        _key = GroundKey.Generate();
        _staging = Directory.CreateTempSubdirectory("payload-staging-").FullName;
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(_key, PackageFixtures.DefaultManifestJson("1.0.0")), _staging, "v1.zip");
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(_key, PackageFixtures.DefaultManifestJson("2.0.0")), _staging, "v2.zip");
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(_key, PackageFixtures.DefaultManifestJson("3.0.0")), _staging, "v3.zip");
    }

    [OneTimeTearDown]
    public void DeletePackages()
    {
        _key.Dispose();
        Directory.Delete(_staging, recursive: true);
    }

    [SetUp]
    public void CreateStore()
    {
        _root = Directory.CreateTempSubdirectory("payload-slots-").FullName;
        _events = [];
        _time = new ManualTime();
    }

    [TearDown]
    public void DeleteStore() => Directory.Delete(_root, recursive: true);

    private string Staged(string name) => Path.Combine(_staging, name);

    private ModelSlots Open() => ModelSlots.Open(_root, _key, Policy, _time, _events.Add);

    [Test]
    public void Default_model_package_is_verified_validated_written_and_activated_with_an_event_per_step()
    {
        ModelSlots slots = Open();

        SlotCommandResult result = slots.Install(Staged("v1.zip"));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(File.ReadAllBytes(slots.ActiveModelPath!), Is.EqualTo(PackageFixtures.DefaultModel));
        Assert.That(_events.Select(e => e.Kind), Is.EqualTo(new[]
        {
            SlotEventKind.PackageStaged, SlotEventKind.PackageVerified, SlotEventKind.ModelLoaded, SlotEventKind.TensorsChecked,
            SlotEventKind.GoldenVectorsPassed, SlotEventKind.SlotWritten, SlotEventKind.SlotActivated,
        }));
        Assert.That(_events.Single(e => e.Kind == SlotEventKind.GoldenVectorsPassed).Message, Does.Contain("probabilities max error 0"));
        Assert.That(slots.Store.Probation, Is.Null, "the first model has nothing to fall back to");
    }

    [Test]
    public void Second_install_goes_to_the_other_slot_and_starts_probation()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));

        SlotCommandResult result = slots.Install(Staged("v2.zip"));

        Assert.That(result.Slot, Is.EqualTo(SlotName.B));
        Assert.That(slots.Store.Probation, Is.EqualTo(new ProbationStatus(SlotName.B, SlotName.A, _time.GetUtcNow(), 0, 0)));
        Assert.That(slots.Store.List().Select(s => (s.State, s.Version, s.Sequence)),
            Is.EqualTo(new[] { (SlotState.Installed, "1.0.0", 1L), (SlotState.Active, "2.0.0", 2L) }));
    }

    private static IEnumerable<TestCaseData> BadPackages()
    {
        yield return new TestCaseData("truncated", PackageRejection.Unreadable);
        yield return new TestCaseData("bad-signature", PackageRejection.BadSignature);
        yield return new TestCaseData("wrong-key", PackageRejection.WrongKey);
        yield return new TestCaseData("hash-mismatch", PackageRejection.HashMismatch);
        yield return new TestCaseData("missing-file", PackageRejection.MissingFile);
        yield return new TestCaseData("unknown-tensor", PackageRejection.TensorMismatch);
        yield return new TestCaseData("golden-mismatch", PackageRejection.GoldenMismatch);
    }

    [TestCaseSource(nameof(BadPackages))]
    public void Rejected_package_leaves_the_active_model_untouched_and_the_store_usable(string kind, PackageRejection reason)
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        IReadOnlyList<SlotInfo> before = slots.Store.List();
        string bad = WriteBadPackage(kind);

        SlotCommandResult result = slots.Install(bad);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Rejection, Is.EqualTo(reason), result.Message);
        Assert.That(result.Message, Does.Contain("slot A stays active"));
        Assert.That(_events[^1].Kind, Is.EqualTo(SlotEventKind.PackageRejected));
        Assert.That(slots.Store.List(), Is.EqualTo(before));
        Assert.That(File.ReadAllBytes(slots.ActiveModelPath!), Is.EqualTo(PackageFixtures.DefaultModel));

        SlotCommandResult next = slots.Install(Staged("v2.zip"));
        Assert.That(next.Succeeded, Is.True, next.Message);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.B));
    }

    [Test]
    public void Activation_survives_a_restart()
    {
        ModelSlots first = Open();
        first.Install(Staged("v1.zip"));
        first.Install(Staged("v2.zip"));

        ModelSlots reopened = Open();

        Assert.That(reopened.Store.Active, Is.EqualTo(SlotName.B));
        Assert.That(reopened.Store.List(), Is.EqualTo(first.Store.List()));
        Assert.That(reopened.Store.Probation, Is.EqualTo(first.Store.Probation));
        Assert.That(reopened.ActiveManifestPath, Does.Exist);
    }

    [Test]
    public void Failed_inference_during_probation_rolls_back_and_the_roll_back_survives_a_restart()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));
        slots.RecordInference(succeeded: true);

        bool rolledBack = slots.RecordInference(succeeded: false, "ORT Run failed: NaN in output");

        Assert.That(rolledBack, Is.True);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(slots.Store.Probation, Is.Null);
        Assert.That(_events.TakeLast(2).Select(e => e.Kind), Is.EqualTo(new[] { SlotEventKind.ProbationFailed, SlotEventKind.RolledBack }));
        Assert.That(_events[^2].Message, Does.Contain("NaN in output"));
        Assert.That(Open().Store.Active, Is.EqualTo(SlotName.A));
    }

    [Test]
    public void Repeated_resets_during_probation_roll_back()
    {
        Open().Install(Staged("v1.zip"));
        Open().Install(Staged("v2.zip"));

        for (int boot = 1; boot <= Policy.MaxBoots; boot++)
        {
            ModelSlots rebooted = Open();
            rebooted.Store.RecordBoot();
            Assert.That(rebooted.Store.Active, Is.EqualTo(SlotName.B), $"boot {boot}");
        }

        ModelSlots last = Open();
        last.Store.RecordBoot();

        Assert.That(last.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(_events.Any(e => e.Kind == SlotEventKind.ProbationFailed && e.Message.Contains("3 boots", StringComparison.Ordinal)), Is.True);
        Assert.That(Open().Store.Active, Is.EqualTo(SlotName.A));
    }

    [Test]
    public void Probation_passes_after_enough_successful_inferences_and_a_later_failure_keeps_the_model()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));

        for (int i = 0; i < Policy.Uses; i++)
        {
            slots.RecordInference(succeeded: true);
        }

        Assert.That(slots.Store.Probation, Is.Null);
        Assert.That(_events[^1].Kind, Is.EqualTo(SlotEventKind.ProbationPassed));
        Assert.That(slots.RecordInference(succeeded: false, "later failure"), Is.False);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.B));
    }

    [Test]
    public void Probation_passes_when_its_duration_has_elapsed()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));

        _time.Advance(Policy.Duration - TimeSpan.FromSeconds(1));
        slots.Store.CheckProbation();
        Assert.That(slots.Store.Probation, Is.Not.Null);

        _time.Advance(TimeSpan.FromSeconds(1));
        slots.Store.CheckProbation();
        Assert.That(slots.Store.Probation, Is.Null);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.B));
    }

    [Test]
    public void Crash_while_writing_a_slot_leaves_the_store_valid()
    {
        Open().Install(Staged("v1.zip"));
        string partial = Path.Combine(_root, ".tmp-B-0123456789abcdef", "package");
        Directory.CreateDirectory(partial);
        File.WriteAllBytes(Path.Combine(partial, "model.onnx"), PackageFixtures.DefaultModel[..100]);

        ModelSlots reopened = Open();

        Assert.That(Directory.Exists(Path.GetDirectoryName(partial)), Is.False);
        Assert.That(_events.Any(e => e.Kind == SlotEventKind.PartialWriteDiscarded), Is.True);
        Assert.That(reopened.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(reopened.Store.List()[1].State, Is.EqualTo(SlotState.Empty));
        Assert.That(reopened.Install(Staged("v2.zip")).Succeeded, Is.True);
    }

    [Test]
    public void Crash_between_retiring_and_replacing_a_slot_keeps_the_active_one()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));
        for (int i = 0; i < Policy.Uses; i++)
        {
            slots.RecordInference(succeeded: true);
        }

        // The install of v3 into slot A got as far as renaming the old slot A away.
        Directory.Move(Path.Combine(_root, "a"), Path.Combine(_root, ".old-A-0123456789abcdef"));

        ModelSlots reopened = Open();

        Assert.That(reopened.Store.Active, Is.EqualTo(SlotName.B));
        Assert.That(reopened.Store.List()[0].State, Is.EqualTo(SlotState.Empty));
        Assert.That(reopened.Install(Staged("v3.zip")).Slot, Is.EqualTo(SlotName.A));
    }

    [Test]
    public void Altered_file_in_the_active_slot_marks_it_corrupt_and_restores_the_previous_one()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));
        File.WriteAllBytes(slots.ActiveModelPath!, PackageFixtures.FlipBit(File.ReadAllBytes(slots.ActiveModelPath!), 10));

        ModelSlots reopened = Open();

        Assert.That(reopened.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(reopened.Store.List()[1].State, Is.EqualTo(SlotState.Corrupt));
        Assert.That(reopened.Store.List()[1].Problem, Does.Contain("'model.onnx'"));
        Assert.That(reopened.Store.Activate(SlotName.B).Succeeded, Is.False);
    }

    [Test]
    public void Operator_can_list_roll_back_activate_and_delete()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));

        Assert.That(slots.Store.Delete(SlotName.B).Message, Does.Contain("slot B is active"));
        Assert.That(slots.Store.Delete(SlotName.A).Message, Does.Contain("roll-back target"));
        Assert.That(slots.Store.RollBack().Succeeded, Is.True);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(slots.Store.Activate(SlotName.A).Message, Does.Contain("already active"));
        Assert.That(slots.Store.Activate(SlotName.B).Succeeded, Is.True);
        Assert.That(slots.Store.RollBack().Succeeded, Is.True);

        SlotCommandResult deleted = slots.Store.Delete(SlotName.B);

        Assert.That(deleted.Succeeded, Is.True, deleted.Message);
        Assert.That(slots.Store.List()[1].State, Is.EqualTo(SlotState.Empty));
        Assert.That(slots.Store.Activate(SlotName.B).Message, Does.Contain("slot B is empty"));
        Assert.That(slots.Store.RollBack().Message, Does.Contain("no previous slot"));
        Assert.That(slots.Store.Delete(SlotName.B).Message, Does.Contain("already empty"));
        Assert.That(Open().Store.List(), Is.EqualTo(slots.Store.List()));
    }

    [Test]
    public void Install_during_probation_is_refused_to_keep_the_fallback()
    {
        ModelSlots slots = Open();
        slots.Install(Staged("v1.zip"));
        slots.Install(Staged("v2.zip"));

        SlotCommandResult result = slots.Install(Staged("v3.zip"));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Does.Contain("probation"));
        Assert.That(slots.Store.List().Select(s => s.Version), Is.EqualTo(new[] { "1.0.0", "2.0.0" }));
    }

    private string WriteBadPackage(string kind)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_staging, "bad-" + kind + "-" + Guid.NewGuid().ToString("N"))).FullName;
        PackageContents good = PackageFixtures.DefaultPackage(_key, PackageFixtures.DefaultManifestJson("9.0.0"));
        switch (kind)
        {
            case "truncated":
                byte[] zip = File.ReadAllBytes(PackageFixtures.WriteZip(good, directory, "full.zip"));
                string truncated = Path.Combine(directory, "truncated.zip");
                File.WriteAllBytes(truncated, zip[..(zip.Length - 200)]);
                return truncated;
            case "bad-signature":
                PackageSignature signature = PackageSignature.Parse(good.Files[PackageSignature.FileName]);
                PackageSignature forged = new() { KeyId = signature.KeyId, Signature = Convert.ToBase64String(PackageFixtures.FlipBit(Convert.FromBase64String(signature.Signature), 0)) };
                return PackageFixtures.WriteZip(PackageFixtures.With(good, PackageSignature.FileName, forged.ToJsonBytes()), directory);
            case "wrong-key":
                using (GroundKey other = GroundKey.Generate())
                {
                    return PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(other), directory);
                }

            case "hash-mismatch":
                return PackageFixtures.WriteZip(PackageFixtures.With(good, "model.onnx", PackageFixtures.FlipBit(good.Files["model.onnx"], -3)), directory);
            case "missing-file":
                return PackageFixtures.WriteZip(PackageFixtures.With(good, "golden/output-probabilities.npy", null), directory);
            case "unknown-tensor":
                string manifest = PackageFixtures.DefaultManifestJson("9.0.0").Replace("\"outputName\": \"probabilities\"", "\"outputName\": \"logits\"", StringComparison.Ordinal);
                return PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(_key, manifest), directory);
            case "golden-mismatch":
                return PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(_key, outputs: PackageFixtures.PerturbedOutput(_key, 0.25f), tolerance: 1e-3), directory);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown bad package");
        }
    }
}

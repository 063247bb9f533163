using System.Diagnostics;
using System.Security.Cryptography;
using Payload.Inference.Hardening;
using Payload.Inference.Manifests;
using Payload.Inference.Onnx;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// A campaign ready to run: the model, its float32 weights and activations (the injection
/// targets, with element counts), the tiles and their golden outputs. Plans the injection list
/// from the seed, and executes, replays and traces single injections.
/// </summary>
public sealed class Campaign
{
    /// <summary>The watchdog allows this many golden run times before calling an injection a hang.</summary>
    public const int HangFactor = 10;

    private const int GoldenTimingRuns = 3;

    private readonly List<TensorSlot> _weights;
    private readonly List<TensorSlot> _activations;
    private readonly GoldenRun[] _goldens;
    private readonly Dictionary<FaultTarget, IByteFaultTarget> _byteTargets = [];

    private Campaign(CampaignSpec spec, ModelManifest manifest, OnnxModel model, GuardedModel? guard, int tileSize, List<TensorSlot> weights, List<TensorSlot> activations, GoldenRun[] goldens, TimeSpan goldenRunTime)
    {
        Guard = guard;
        Spec = spec;
        Manifest = manifest;
        Model = model;
        ModelBytes = model.ToBytes();
        TileSize = tileSize;
        _weights = weights;
        _activations = activations;
        _goldens = goldens;
        GoldenRunTime = goldenRunTime;
        // A protected inference may run up to three replicas.
        int runs = spec.Protection is CampaignProtection.Dmr or CampaignProtection.Tmr or CampaignProtection.DmrScrub ? 3 : 1;
        HangTimeout = TimeSpan.FromTicks(Math.Max(goldenRunTime.Ticks * runs * HangFactor, TimeSpan.FromMilliseconds(spec.HangFloorMilliseconds).Ticks));
    }

    /// <summary>The spec this campaign was opened from.</summary>
    public CampaignSpec Spec { get; }

    /// <summary>The model's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Tile edge in pixels.</summary>
    public int TileSize { get; }

    /// <summary>Median wall time of a golden run (one worker, one thread).</summary>
    public TimeSpan GoldenRunTime { get; }

    /// <summary>The hang watchdog: <see cref="HangFactor"/> × <see cref="GoldenRunTime"/> × the replicas a protected inference may run, at least the spec's floor.</summary>
    public TimeSpan HangTimeout { get; }

    /// <summary>Float32 weights (initializers) that can be hit, with element counts.</summary>
    public IReadOnlyList<(string Name, long Elements)> Weights => [.. _weights.Select(w => (w.Name, w.Elements))];

    /// <summary>Float32 intermediate activations that can be hit, in graph order, with element counts.</summary>
    public IReadOnlyList<(string Name, long Elements)> Activations => [.. _activations.Select(a => (a.Name, a.Elements))];

    /// <summary>SHA-256 (hex) of each tile's golden output bytes.</summary>
    public IReadOnlyList<string> GoldenHashes => [.. _goldens.Select(g => g.Hash)];

    /// <summary>The model that runs: the spec's, or its range-guarded version.</summary>
    internal OnnxModel Model { get; }

    /// <summary>The range guards, when the protection is <see cref="CampaignProtection.RangeGuards"/>.</summary>
    internal GuardedModel? Guard { get; }

    internal byte[] ModelBytes { get; }

    /// <summary>
    /// Loads the model, manifest and tiles of <paramref name="spec"/> and runs every tile once, unharmed.
    /// <paramref name="byteTargets"/> adds targets outside this library (ground-test's CADU target);
    /// the checkpoint target is built in.
    /// </summary>
    /// <exception cref="CampaignException">A file is missing or unusable.</exception>
    public static Campaign Open(CampaignSpec spec, IReadOnlyList<IByteFaultTarget>? byteTargets = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ModelManifest manifest;
        OnnxModel model;
        try
        {
            manifest = ModelManifest.Load(spec.Resolve(spec.Manifest));
            model = OnnxModel.Load(spec.Resolve(spec.Model));
        }
        catch (Exception e) when (e is ModelManifestException or OnnxModelException or IOException or UnauthorizedAccessException)
        {
            throw new CampaignException(e.Message, e);
        }

        int tileSize = spec.TileSize > 0 ? spec.TileSize : manifest.TileSize;
        float[][] inputs = [.. spec.Tiles.Select(t => CampaignTileInputs.Load(t, spec, manifest, tileSize))];
        List<TensorSlot> weights = [.. model.Initializers
            .Where(i => i.ElementType == TensorElementType.Float32 && i.ElementCount > 0)
            .Select(i => new TensorSlot(i.Name, [.. i.Dims]))];
        List<TensorSlot> activations = ProbeActivations(model, manifest, inputs[0], tileSize);
        GuardedModel? guard = null;
        if (spec.Protection == CampaignProtection.RangeGuards)
        {
            // Profiled on the campaign's own tiles: a fault-free run never trips a guard.
            IReadOnlyDictionary<string, ActivationRange> ranges = RangeGuard.Profile(model, inputs.Select(i => (IReadOnlyList<NamedTensor>)[InputTensor(manifest, i, tileSize)]));
            guard = RangeGuard.Harden(model, ranges);
            model = guard.Model;
        }

        GoldenRun[] goldens = new GoldenRun[inputs.Length];
        Campaign unfinished = new(spec, manifest, model, guard, tileSize, weights, activations, [], TimeSpan.Zero);
        long[] ticks = new long[GoldenTimingRuns];
        using (InjectionRig rig = new(unfinished))
        {
            for (int t = 0; t < inputs.Length; t++)
            {
                float[] output = [];
                long[] shape = [];
                for (int run = 0; run < GoldenTimingRuns; run++)
                {
                    long start = Stopwatch.GetTimestamp();
                    (output, shape) = rig.RunClean(inputs[t]);
                    ticks[run] = Math.Max(ticks[run], Stopwatch.GetElapsedTime(start).Ticks);
                }

                goldens[t] = new GoldenRun(inputs[t], output, shape, unfinished.Decode(output, shape), Hash(output));
            }
        }

        Array.Sort(ticks);
        Campaign campaign = new(spec, manifest, model, guard, tileSize, weights, activations, goldens, TimeSpan.FromTicks(ticks[GoldenTimingRuns / 2]));
        if (spec.Targets.GetValueOrDefault(FaultTarget.Checkpoint) > 0)
        {
            campaign._byteTargets[FaultTarget.Checkpoint] = new CheckpointFaultTarget(campaign);
        }

        foreach (IByteFaultTarget target in byteTargets ?? [])
        {
            campaign._byteTargets[target.Target] = target;
        }

        return campaign;
    }

    /// <summary>The implementation of byte target <paramref name="target"/>.</summary>
    /// <exception cref="CampaignException">The campaign was opened without it.</exception>
    internal IByteFaultTarget ByteTarget(FaultTarget target) =>
        _byteTargets.TryGetValue(target, out IByteFaultTarget? found) ? found
        : throw new CampaignException($"Campaign spec: targets.{target.ToString().ToLowerInvariant()} has weight > 0 but no {target} target was given to the campaign (the CADU target comes with ground-test's campaign command).");

    /// <summary>SHA-256 (lower-case hex) of a float tensor's bytes.</summary>
    public static string Hash(ReadOnlySpan<float> values) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values)));

    /// <summary>The whole injection list, drawn from the spec's seed (the same seed gives the same list).</summary>
    public IReadOnlyList<InjectionRecord> Plan() => new CampaignPlanner(this).Plan();

    /// <summary>Runs one injection on a fresh rig, with the watchdog, and returns the record with its outcome.</summary>
    public InjectionRecord Replay(InjectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        InjectionRig rig = new(this);
        try
        {
            return CampaignRunner.ExecuteGuarded(this, ref rig, record);
        }
        finally
        {
            rig.Dispose();
        }
    }

    /// <summary>
    /// Replays one injection with every intermediate tensor as an extra output and returns, in
    /// graph order, each node output's largest absolute deviation from the golden run (nothing for
    /// checkpoint and CADU injections, which run no model).
    /// </summary>
    public IReadOnlyList<LayerDeviation> Trace(InjectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (CampaignPlanner.IsByteTarget(record.Target))
        {
            return [];
        }

        using InjectionRig rig = new(this);
        return rig.Trace(record);
    }

    internal IReadOnlyList<TensorSlot> WeightSlots => _weights;

    internal IReadOnlyList<TensorSlot> ActivationSlots => _activations;

    internal IReadOnlyDictionary<string, long[]> ActivationShapes =>
        _activations.Concat(_activations.Select(a => a with { Name = InjectionTensor(a.Name) })).DistinctBy(a => a.Name).ToDictionary(a => a.Name, a => a.Shape);

    /// <summary>
    /// The tensor an upset in activation <paramref name="activation"/> lands in: itself, or under range
    /// guards the layer's raw output that its Clip reads (an upset in the layer's buffer, before the guard).
    /// A Relu that became its guard (a Clip with the Relu's output name) is the activation itself: an
    /// upset there lands after the guard, as in the fused layer, and the next guard downstream meets it.
    /// </summary>
    internal string InjectionTensor(string activation)
    {
        if (Guard is null)
        {
            return activation;
        }

        foreach (Onnx.Protos.NodeProto node in Model.Nodes)
        {
            if (node.OpType == "Clip" && node.Output.Count > 0 && node.Output[0] == activation && node.Input.Count > 0
                && node.Input[0] == activation + RangeGuard.RawSuffix)
            {
                return node.Input[0];
            }
        }

        return activation;
    }

    internal static NamedTensor InputTensor(ModelManifest manifest, float[] input, int tileSize) =>
        new(manifest.InputName, TensorElementType.Float32, [1, input.Length / tileSize / tileSize, tileSize, tileSize], System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()).ToArray());

    internal GoldenRun Golden(int tile) => _goldens[tile];

    internal int TileCount => _goldens.Length;

    internal byte[] Decode(ReadOnlySpan<float> output, long[] shape)
    {
        OutputDecoding decoding = Manifest.Decoding ?? new OutputDecoding { Kind = DecodingKind.Argmax, Axis = 1 };
        bool channelsLast = decoding.Kind == DecodingKind.Argmax && decoding.Axis is 3 or -1;
        int channels = shape.Length < 2 ? 1 : (int)(channelsLast ? shape[^1] : shape[1]);
        int pixels = output.Length / Math.Max(channels, 1);
        ClassMapDecoder decoder = new(decoding, channels, pixels);
        byte[] classes = new byte[pixels];
        decoder.Decode(output, classes, new float[pixels]);
        return classes;
    }

    internal static SessionOptions CleanOptions(IReadOnlyDictionary<string, TensorBuffer>? weights) => new()
    {
        IntraOpThreads = 1,
        InterOpThreads = 1,

        // Node by node, nothing fused or folded: the split head + tail computes exactly what the
        // whole graph does, and weights stay the buffers we own.
        GraphOptimization = GraphOptimizationLevel.Disabled,
        Initializers = weights,
    };

    // Ops whose outputs are never float32 (ONNX Operators.md type constraints); such tensors are not targets.
    private static readonly HashSet<string> NonFloatOps = new(StringComparer.Ordinal)
    {
        "Shape", "Size", "NonZero", "ArgMax", "ArgMin", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
        "Not", "And", "Or", "Xor", "IsNaN", "IsInf", "TopK",
    };

    private static bool IsCastToNonFloat(Onnx.Protos.NodeProto node) =>
        node.OpType == "Cast" && node.Attribute.Any(a => a.Name == "to" && a.I != (long)TensorElementType.Float32);

    private static List<TensorSlot> ProbeActivations(OnnxModel model, ModelManifest manifest, float[] input, int tileSize)
    {
        OnnxModel probe = OnnxModel.FromBytes(model.ToBytes());
        HashSet<string> outputs = [.. model.OutputNames];
        List<string> candidates = [.. model.Nodes
            .Where(n => n.OpType != "Constant" && !NonFloatOps.Contains(n.OpType) && !IsCastToNonFloat(n))
            .SelectMany(n => n.Output)
            .Where(name => name.Length > 0 && !outputs.Contains(name))
            .Distinct()];
        foreach (string name in candidates)
        {
            probe.AddOutput(name);
        }

        using InferenceSession session = InferenceSession.FromBytes(probe.ToBytes(), CleanOptions(null));
        long[] shape = [1, input.Length / tileSize / tileSize, tileSize, tileSize];
        IReadOnlyList<NamedTensor> results = session.Run([new NamedTensor(manifest.InputName, TensorElementType.Float32, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()).ToArray())], candidates);
        return [.. results
            .Where(r => r.ElementType == TensorElementType.Float32 && r.Data.Length > 0)
            .Select(r => new TensorSlot(r.Name, [.. r.Shape]))];
    }
}

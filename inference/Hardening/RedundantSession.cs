using Payload.Inference.Onnx;
using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>
/// Redundant execution with voting. Each replica is its own <see cref="InferenceSession"/> over its
/// own copy of the weights (<see cref="OwnedWeights"/>) of the graph as ORT optimised it, so an
/// upset in one copy cannot reach the others and the replicas run as fast as a plain session. <see cref="RedundancyMode.Tmr"/> runs three replicas and takes the element-wise majority;
/// <see cref="RedundancyMode.Dmr"/> runs two and, only when they disagree, the third to decide.
/// Every disagreement is counted against the outvoted replica in <see cref="Counters"/>.
/// </summary>
/// <remarks>
/// Replica 0 writes straight into the caller's outputs; replicas 1 and 2 into scratch buffers made
/// on the first run (and again only if the output shapes change), so steady-state runs allocate
/// nothing. One session serves one thread.
/// </remarks>
public sealed class RedundantSession : IDisposable
{
    /// <summary>Replicas a session can hold (Dmr keeps its third, tie-breaking, replica ready).</summary>
    public const int MaxReplicas = 3;

    private readonly RedundantSessionOptions _options;
    private readonly OwnedWeights[] _weights;
    private readonly InferenceSession[] _sessions;
    private readonly TensorBuffer[][] _scratch;

    private RedundantSession(RedundantSessionOptions options, OwnedWeights[] weights, InferenceSession[] sessions)
    {
        _options = options;
        _weights = weights;
        _sessions = sessions;
        _scratch = [[], [], []];
        foreach (TensorInfo output in sessions[0].Outputs)
        {
            if (options.Level == VoteLevel.ClassMap && output.ElementType != TensorElementType.Float32)
            {
                throw new ArgumentException($"A class-map vote needs float32 outputs; '{output.Name}' is {TensorElementTypes.Name(output.ElementType)}.", nameof(options));
            }

            if (options.Level == VoteLevel.ClassMap && options.ClassAxis >= output.Shape.Count)
            {
                throw new ArgumentException($"Class axis {options.ClassAxis} is beyond output '{output.Name}' of rank {output.Shape.Count}.", nameof(options));
            }
        }
    }

    public RedundancyMode Mode => _options.Mode;

    /// <summary>Replicas held: 1 for None, 3 for Dmr and Tmr.</summary>
    public int ReplicaCount => _sessions.Length;

    public IReadOnlyList<TensorInfo> Inputs => _sessions[0].Inputs;

    public IReadOnlyList<TensorInfo> Outputs => _sessions[0].Outputs;

    public VotingCounters Counters { get; } = new();

    /// <summary>
    /// Opens the model at <paramref name="modelPath"/> once per replica, each over a fresh copy of its weights.
    /// </summary>
    public static RedundantSession Open(string modelPath, RedundantSessionOptions? options = null) =>
        FromModel(OnnxModel.Load(modelPath), options);

    /// <summary>
    /// Makes the replicas of <paramref name="model"/>: ORT optimises the graph once at
    /// <see cref="RedundantSessionOptions.GraphOptimization"/>, and each replica runs that optimised
    /// graph over a fresh copy of its initializers (so the weights are named as in the optimised graph).
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ORT refused the model.</exception>
    public static RedundantSession FromModel(OnnxModel model, RedundantSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new RedundantSessionOptions();
        options.Validate();
        int count = options.Mode == RedundancyMode.None ? 1 : MaxReplicas;
        OptimisedGraph graph = OptimisedGraph.Produce(model, options.GraphOptimization);
        var weights = new List<OwnedWeights>();
        var sessions = new List<InferenceSession>();
        try
        {
            for (int r = 0; r < count; r++)
            {
                OwnedWeights copy = OwnedWeights.FromModel(graph.Model);
                weights.Add(copy);
                sessions.Add(graph.Open(copy, options.IntraOpThreads));
            }

            return new RedundantSession(options, [.. weights], [.. sessions]);
        }
        catch
        {
            sessions.ForEach(s => s.Dispose());
            weights.ForEach(w => w.Dispose());
            throw;
        }
    }

    /// <summary>The weights replica <paramref name="replica"/> computes with (for scrubbing and fault injection).</summary>
    public OwnedWeights Weights(int replica) => _weights[replica];

    /// <summary>The session of replica <paramref name="replica"/>.</summary>
    public InferenceSession Session(int replica) => _sessions[replica];

    /// <summary>
    /// Runs the replicas the mode calls for on the same inputs and writes the voted result into
    /// <paramref name="outputs"/> (same contract as <see cref="InferenceSession.Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/>).
    /// </summary>
    public VoteOutcome Run(ReadOnlySpan<TensorBuffer> inputs, ReadOnlySpan<TensorBuffer> outputs)
    {
        _sessions[0].Run(inputs, outputs);
        Span<long> outvoted = stackalloc long[MaxReplicas];
        outvoted.Clear();
        if (_options.Mode == RedundancyMode.None)
        {
            Counters.Record(VoteOutcome.Unanimous, outvoted, 0, tieBreak: false);
            return VoteOutcome.Unanimous;
        }

        EnsureScratch(1, outputs);
        _sessions[1].Run(inputs, _scratch[1]);
        bool tieBreak = false;
        if (_options.Mode == RedundancyMode.Dmr)
        {
            if (PairAgrees(outputs, _scratch[1]))
            {
                Counters.Record(VoteOutcome.Unanimous, outvoted, 0, tieBreak: false);
                return VoteOutcome.Unanimous;
            }

            tieBreak = true;
        }

        EnsureScratch(2, outputs);
        _sessions[2].Run(inputs, _scratch[2]);
        long unresolved = 0;
        for (int o = 0; o < outputs.Length; o++)
        {
            unresolved += VoteOne(outputs[o], _scratch[1][o], _scratch[2][o], outvoted);
        }

        VoteOutcome outcome = unresolved > 0 ? VoteOutcome.Unresolved
            : outvoted[0] + outvoted[1] + outvoted[2] > 0 || tieBreak ? VoteOutcome.Corrected
            : VoteOutcome.Unanimous;
        Counters.Record(outcome, outvoted, unresolved, tieBreak);
        return outcome;
    }

    public void Dispose()
    {
        foreach (InferenceSession session in _sessions)
        {
            session.Dispose();
        }

        foreach (TensorBuffer buffer in _scratch.SelectMany(s => s))
        {
            buffer.Dispose();
        }

        foreach (OwnedWeights weights in _weights)
        {
            weights.Dispose();
        }
    }

    private bool PairAgrees(ReadOnlySpan<TensorBuffer> a, TensorBuffer[] b)
    {
        for (int o = 0; o < a.Length; o++)
        {
            bool same = _options.Level == VoteLevel.ClassMap
                ? OutputVoter.SameClasses(a[o].AsSpan<float>(), b[o].AsSpan<float>(), Outer(a[o]), Classes(a[o]), Inner(a[o]))
                : OutputVoter.Agree(a[o].AsBytes(), b[o].AsBytes(), TensorElementTypes.SizeOf(a[o].ElementType), _options.UlpTolerance);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private long VoteOne(TensorBuffer a, TensorBuffer b, TensorBuffer c, Span<long> outvoted) =>
        _options.Level == VoteLevel.ClassMap
            ? OutputVoter.VoteClasses(a.AsSpan<float>(), b.AsSpan<float>(), c.AsSpan<float>(), Outer(a), Classes(a), Inner(a), outvoted)
            : OutputVoter.VoteElements(a.AsBytes(), b.AsBytes(), c.AsBytes(), TensorElementTypes.SizeOf(a.ElementType), _options.UlpTolerance, outvoted);

    private int Outer(TensorBuffer t) => (int)Product(t.Shape[.._options.ClassAxis]);

    private int Classes(TensorBuffer t) => (int)t.Shape[_options.ClassAxis];

    private int Inner(TensorBuffer t) => (int)Product(t.Shape[(_options.ClassAxis + 1)..]);

    private static long Product(ReadOnlySpan<long> dims)
    {
        long p = 1;
        foreach (long d in dims)
        {
            p *= d;
        }

        return p;
    }

    private void EnsureScratch(int replica, ReadOnlySpan<TensorBuffer> outputs)
    {
        TensorBuffer[] scratch = _scratch[replica];
        bool fits = scratch.Length == outputs.Length;
        for (int o = 0; fits && o < outputs.Length; o++)
        {
            fits = scratch[o].ElementType == outputs[o].ElementType && scratch[o].Shape.SequenceEqual(outputs[o].Shape);
        }

        if (fits)
        {
            return;
        }

        foreach (TensorBuffer old in scratch)
        {
            old.Dispose();
        }

        var made = new TensorBuffer[outputs.Length];
        for (int o = 0; o < outputs.Length; o++)
        {
            made[o] = new TensorBuffer(outputs[o].ElementType, outputs[o].Shape);
        }

        _scratch[replica] = made;
    }
}

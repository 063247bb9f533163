using Payload.Inference.Onnx;
using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>
/// A model as ONNX Runtime optimises it, produced on board by ORT itself at load, for sessions that
/// compute with weights we own at full speed. ORT's "all" level fuses nodes and re-lays weights out
/// (NCHWc blocked filters) into new initializers that exist only inside the session; a throw-away
/// session at that level writes the optimised graph to a temporary file, and its initializers (the
/// fused, re-laid-out ones) become the weights we own. Sessions then run that graph as it is
/// (optimisation Disabled) with pre-packing off, so no kernel keeps a private copy of a weight.
/// </summary>
/// <remarks>
/// The optimised graph is specific to this CPU (the NCHWc block size follows AVX2 / AVX-512), so it
/// is made where it runs and never stored; the model's identity stays the hash of the original file.
/// </remarks>
internal sealed class OptimisedGraph
{
    private readonly byte[] _bytes;

    private OptimisedGraph(OnnxModel model, GraphOptimizationLevel level)
    {
        Model = model;
        Level = level;
        _bytes = model.ToBytes();
    }

    /// <summary>The graph the owned sessions run, with its (possibly fused or re-laid-out) initializers.</summary>
    public OnnxModel Model { get; }

    /// <summary>The level ORT optimised the graph at.</summary>
    public GraphOptimizationLevel Level { get; }

    /// <summary>
    /// Has ORT optimise <paramref name="model"/> at <paramref name="level"/> and reads the result back.
    /// At <see cref="GraphOptimizationLevel.Disabled"/> the model is used as it is.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ORT refused the model.</exception>
    public static OptimisedGraph Produce(OnnxModel model, GraphOptimizationLevel level)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Use Disabled, Basic, Extended or All.");
        }

        if (level == GraphOptimizationLevel.Disabled)
        {
            return new OptimisedGraph(model, level);
        }

        string path = Path.Combine(Path.GetTempPath(), $"payload-optimised-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            var options = new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1, GraphOptimization = level, OptimizedModelPath = path };
            using (InferenceSession.FromBytes(model.ToBytes(), options))
            {
                // Creating the session is the optimisation; ORT has written the graph to the path.
            }

            return new OptimisedGraph(OnnxModel.Load(path), level);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A session over this graph that takes every float32 initializer from <paramref name="weights"/>
    /// (made with <see cref="OwnedWeights.FromModel"/> from <see cref="Model"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="weights"/> lacks a float32 initializer of the graph, holds one the graph does not
    /// have, or holds one of other dims; ORT itself would accept the first two silently and compute
    /// with bytes we do not own.
    /// </exception>
    public InferenceSession Open(OwnedWeights weights, int intraOpThreads)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckCovers(weights);
        return InferenceSession.FromBytes(_bytes, new SessionOptions
        {
            IntraOpThreads = intraOpThreads,
            GraphOptimization = GraphOptimizationLevel.Disabled,
            Initializers = weights.Buffers,
        });
    }

    private void CheckCovers(OwnedWeights weights)
    {
        var graph = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        foreach (OnnxInitializer initializer in Model.Initializers)
        {
            graph.TryAdd(initializer.Name, initializer);
        }

        foreach (string name in weights.Names)
        {
            if (!graph.TryGetValue(name, out OnnxInitializer initializer) || initializer.ElementType != TensorElementType.Float32)
            {
                throw new ArgumentException($"Owned weight '{name}' is not a float32 initializer of the optimised graph.", nameof(weights));
            }

            ReadOnlySpan<long> dims = weights[name].Shape;
            if (!dims.SequenceEqual([.. initializer.Dims]))
            {
                throw new ArgumentException(
                    $"Owned weight '{name}' has dims [{string.Join(",", dims.ToArray())}], the graph's initializer [{string.Join(",", initializer.Dims)}].",
                    nameof(weights));
            }
        }

        foreach (OnnxInitializer initializer in graph.Values)
        {
            if (initializer.ElementType == TensorElementType.Float32 && !weights.Buffers.ContainsKey(initializer.Name))
            {
                throw new ArgumentException(
                    $"Float32 initializer '{initializer.Name}' of the optimised graph has no owned buffer; ORT would compute with the file's copy.",
                    nameof(weights));
            }
        }
    }
}

namespace Payload.Inference.Runtime;

/// <summary>How much ONNX Runtime rewrites the graph before running it (<c>enum GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    /// <summary>Run the graph as stored.</summary>
    Disabled = 0,

    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic = 1,

    /// <summary>Basic plus node fusions.</summary>
    Extended = 2,

    /// <summary>Everything, including layout changes; what onnxruntime-node calls "all".</summary>
    All = 99,
}

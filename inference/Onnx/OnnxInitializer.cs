using Payload.Inference.Runtime;

namespace Payload.Inference.Onnx;

/// <summary>Name, element type and dimensions of one graph initializer (a weight tensor stored in the model).</summary>
public readonly record struct OnnxInitializer(string Name, TensorElementType ElementType, IReadOnlyList<long> Dims)
{
    /// <summary>Number of elements: the product of <see cref="Dims"/> (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Dims)
            {
                count *= d;
            }

            return count;
        }
    }
}

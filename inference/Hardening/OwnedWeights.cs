using Payload.Inference.Onnx;
using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>
/// One copy of a model's float32 initializers in native buffers we own, handed to ONNX Runtime
/// through <see cref="SessionOptions.Initializers"/>. The session computes with these very bytes,
/// so they are what we checksum, scrub and inject faults into. Other initializers (shape and index
/// constants) stay in the model.
/// </summary>
public sealed class OwnedWeights : IDisposable
{
    private readonly Dictionary<string, TensorBuffer> _buffers;
    private readonly string[] _names;

    private OwnedWeights(Dictionary<string, TensorBuffer> buffers, string[] names)
    {
        _buffers = buffers;
        _names = names;
    }

    /// <summary>Initializer names, in graph order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The buffers by initializer name, as <see cref="SessionOptions.Initializers"/> wants them.</summary>
    public IReadOnlyDictionary<string, TensorBuffer> Buffers => _buffers;

    /// <summary>Total bytes held.</summary>
    public long ByteLength => _buffers.Values.Sum(b => (long)b.ByteLength);

    /// <summary>The buffer of the initializer called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No owned initializer has that name.</exception>
    public TensorBuffer this[string name] => _buffers.TryGetValue(name, out TensorBuffer? buffer)
        ? buffer
        : throw new KeyNotFoundException($"No owned weight '{name}'; owned are: {string.Join(", ", _names)}.");

    /// <summary>A fresh copy of every float32 initializer of <paramref name="model"/>.</summary>
    public static OwnedWeights FromModel(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var buffers = new Dictionary<string, TensorBuffer>(StringComparer.Ordinal);
        var names = new List<string>();
        try
        {
            foreach (OnnxInitializer initializer in model.Initializers)
            {
                if (initializer.ElementType != TensorElementType.Float32 || buffers.ContainsKey(initializer.Name))
                {
                    continue;
                }

                var buffer = new TensorBuffer(TensorElementType.Float32, [.. initializer.Dims]);
                buffers.Add(initializer.Name, buffer);
                names.Add(initializer.Name);
                model.ReadInitializer<float>(initializer.Name).CopyTo(buffer.AsSpan<float>());
            }
        }
        catch
        {
            foreach (TensorBuffer buffer in buffers.Values)
            {
                buffer.Dispose();
            }

            throw;
        }

        return new OwnedWeights(buffers, [.. names]);
    }

    public void Dispose()
    {
        foreach (TensorBuffer buffer in _buffers.Values)
        {
            buffer.Dispose();
        }
    }
}

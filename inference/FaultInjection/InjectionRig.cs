using System.Runtime.InteropServices;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// One worker's private copy of everything an injection touches: a session over weight buffers
/// it owns, and head/tail sessions for each activation split (made on first use). A rig runs one
/// injection at a time; after a hang it is abandoned to the stuck thread and a new one is made.
/// </summary>
internal sealed class InjectionRig : IDisposable
{
    private readonly Campaign _campaign;
    private readonly Dictionary<string, TensorBuffer> _weights = [];
    private readonly InferenceSession _session;
    private readonly Dictionary<string, (GraphSplit Split, InferenceSession Head, InferenceSession Tail)> _splits = [];

    public InjectionRig(Campaign campaign)
    {
        _campaign = campaign;
        foreach (TensorSlot slot in campaign.WeightSlots)
        {
            TensorProto proto = campaign.Model.GetInitializer(slot.Name);
            float[] values = OnnxTensorData.ToArray<float>(proto);
            TensorBuffer buffer = new(TensorElementType.Float32, OnnxTensorData.Dims(proto));
            values.CopyTo(buffer.AsSpan<float>());
            _weights.Add(slot.Name, buffer);
        }

        _session = InferenceSession.FromBytes(campaign.ModelBytes, Campaign.CleanOptions(_weights));
    }

    /// <summary>Runs the whole model, unharmed.</summary>
    public (float[] Output, long[] Shape) RunClean(float[] input)
    {
        NamedTensor output = _session.Run([InputTensor(input)], [_campaign.Manifest.OutputName])[0];
        return (output.AsSpan<float>().ToArray(), [.. output.Shape]);
    }

    /// <summary>Runs the injection <paramref name="record"/> describes and returns the (possibly corrupted) output.</summary>
    public float[] Execute(InjectionRecord record)
    {
        GoldenRun golden = _campaign.Golden(record.Tile);
        Fault fault = record.Fault;
        switch (record.Target)
        {
            case FaultTarget.Weight:
            {
                Span<byte> element = ElementBytes(Weight(record.Tensor).AsBytes(), record);
                Span<byte> saved = stackalloc byte[sizeof(float)];
                element.CopyTo(saved);
                fault.Apply(element);
                try
                {
                    return RunClean(golden.Input).Output;
                }
                finally
                {
                    saved.CopyTo(element);
                }
            }

            case FaultTarget.Input:
            {
                float[] input = (float[])golden.Input.Clone();
                fault.Apply(ElementBytes(MemoryMarshal.AsBytes(input.AsSpan()), record));
                return RunClean(input).Output;
            }

            case FaultTarget.Output:
            {
                float[] output = RunClean(golden.Input).Output;
                fault.Apply(ElementBytes(MemoryMarshal.AsBytes(output.AsSpan()), record));
                return output;
            }

            case FaultTarget.Activation:
                return RunSplit(golden.Input, record);

            default:
                throw new CampaignException($"Injection {record.Index}: target {record.Target} is not one the rig can run.");
        }
    }

    /// <summary>Replays <paramref name="record"/> with every node output visible; per node output, the deviation from golden.</summary>
    public IReadOnlyList<LayerDeviation> Trace(InjectionRecord record)
    {
        GoldenRun golden = _campaign.Golden(record.Tile);
        OnnxModel model = _campaign.Model;
        List<(string Node, string Op, string Tensor)> tensors = [.. model.Nodes
            .Where(n => n.OpType != "Constant")
            .SelectMany(n => n.Output.Where(o => o.Length > 0).Select(o => (n.Name.Length > 0 ? n.Name : o, n.OpType, o)))];
        HashSet<string> floats = [.. _campaign.ActivationSlots.Select(s => s.Name), _campaign.Manifest.OutputName];
        tensors.RemoveAll(t => !floats.Contains(t.Tensor));
        string[] names = [.. tensors.Select(t => t.Tensor)];

        Dictionary<string, NamedTensor> clean = RunAll(model, _weights, [InputTensor(golden.Input)], names);
        Dictionary<string, NamedTensor> faulty;
        Fault fault = record.Fault;
        switch (record.Target)
        {
            case FaultTarget.Weight:
                Dictionary<string, TensorBuffer> copy = CopyWeights();
                try
                {
                    fault.Apply(ElementBytes(copy[record.Tensor].AsBytes(), record));
                    faulty = RunAll(model, copy, [InputTensor(golden.Input)], names);
                }
                finally
                {
                    foreach (TensorBuffer buffer in copy.Values)
                    {
                        buffer.Dispose();
                    }
                }

                break;
            case FaultTarget.Input:
                float[] input = (float[])golden.Input.Clone();
                fault.Apply(ElementBytes(MemoryMarshal.AsBytes(input.AsSpan()), record));
                faulty = RunAll(model, _weights, [InputTensor(input)], names);
                break;
            case FaultTarget.Output:
                faulty = new Dictionary<string, NamedTensor>(clean);
                faulty[record.Tensor] = Corrupted(clean[record.Tensor], record);
                break;
            default:
                GraphSplit split = GraphSplit.At(model, record.Tensor, _campaign.ActivationShapes);
                faulty = new Dictionary<string, NamedTensor>(clean);
                faulty[record.Tensor] = Corrupted(clean[record.Tensor], record);
                HashSet<string> tailProduced = [.. split.Tail.Nodes.SelectMany(n => n.Output)];
                string[] tailNames = [.. names.Where(tailProduced.Contains)];
                List<NamedTensor> tailInputs = [.. split.TailInputs.Select(name => name == _campaign.Manifest.InputName ? InputTensor(golden.Input) : faulty[name])];
                foreach ((string name, NamedTensor values) in RunAll(split.Tail, null, tailInputs, tailNames))
                {
                    faulty[name] = values;
                }

                break;
        }

        return [.. tensors.Select(t => Compare(t.Node, t.Op, t.Tensor, clean[t.Tensor].AsSpan<float>(), faulty[t.Tensor].AsSpan<float>()))];
    }

    public void Dispose()
    {
        _session.Dispose();
        foreach ((_, InferenceSession head, InferenceSession tail) in _splits.Values)
        {
            head.Dispose();
            tail.Dispose();
        }

        foreach (TensorBuffer buffer in _weights.Values)
        {
            buffer.Dispose();
        }
    }

    private float[] RunSplit(float[] input, InjectionRecord record)
    {
        if (!_splits.TryGetValue(record.Tensor, out (GraphSplit Split, InferenceSession Head, InferenceSession Tail) cut))
        {
            GraphSplit split = GraphSplit.At(_campaign.Model, record.Tensor, _campaign.ActivationShapes);
            cut = (split, InferenceSession.FromBytes(split.Head.ToBytes(), Campaign.CleanOptions(null)), InferenceSession.FromBytes(split.Tail.ToBytes(), Campaign.CleanOptions(null)));
            _splits.Add(record.Tensor, cut);
        }

        NamedTensor inputTensor = InputTensor(input);
        Dictionary<string, NamedTensor> available = cut.Head.Run([inputTensor], cut.Split.HeadOutputs).ToDictionary(t => t.Name);
        available[inputTensor.Name] = inputTensor;
        available[record.Tensor] = Corrupted(available[record.Tensor], record);
        NamedTensor output = cut.Tail.Run([.. cut.Split.TailInputs.Select(name => available[name])], [_campaign.Manifest.OutputName])[0];
        return output.AsSpan<float>().ToArray();
    }

    private NamedTensor InputTensor(float[] input)
    {
        int size = _campaign.TileSize;
        long[] shape = [1, input.Length / size / size, size, size];
        return new NamedTensor(_campaign.Manifest.InputName, TensorElementType.Float32, shape, MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
    }

    private TensorBuffer Weight(string name) =>
        _weights.TryGetValue(name, out TensorBuffer? buffer) ? buffer : throw new CampaignException($"Weight '{name}' is not a float32 initializer of the model.");

    private static Span<byte> ElementBytes(Span<byte> tensor, InjectionRecord record)
    {
        long offset = record.Element * sizeof(float);
        if (record.Element < 0 || offset + sizeof(float) > tensor.Length)
        {
            throw new CampaignException($"Injection {record.Index}: element {record.Element} is outside '{record.Tensor}' ({tensor.Length / sizeof(float)} elements).");
        }

        return tensor.Slice((int)offset, sizeof(float));
    }

    private Dictionary<string, TensorBuffer> CopyWeights()
    {
        Dictionary<string, TensorBuffer> copy = [];
        foreach ((string name, TensorBuffer buffer) in _weights)
        {
            TensorBuffer clone = new(buffer.ElementType, buffer.Shape);
            buffer.AsBytes().CopyTo(clone.AsBytes());
            copy.Add(name, clone);
        }

        return copy;
    }

    private static Dictionary<string, NamedTensor> RunAll(OnnxModel model, IReadOnlyDictionary<string, TensorBuffer>? weights, IReadOnlyList<NamedTensor> inputs, string[] names)
    {
        OnnxModel probe = OnnxModel.FromBytes(model.ToBytes());
        foreach (string name in names)
        {
            probe.AddOutput(name);
        }

        using InferenceSession session = InferenceSession.FromBytes(probe.ToBytes(), Campaign.CleanOptions(weights));
        return session.Run(inputs, names).ToDictionary(t => t.Name);
    }

    private static NamedTensor Corrupted(NamedTensor tensor, InjectionRecord record)
    {
        byte[] data = (byte[])tensor.Data.Clone();
        record.Fault.Apply(ElementBytes(data, record));
        return new NamedTensor(tensor.Name, tensor.ElementType, [.. tensor.Shape], data);
    }

    private static LayerDeviation Compare(string node, string op, string tensor, ReadOnlySpan<float> clean, ReadOnlySpan<float> faulty)
    {
        double max = 0;
        long changed = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(clean[i]) == BitConverter.SingleToInt32Bits(faulty[i]))
            {
                continue;
            }

            changed++;
            double deviation = Math.Abs((double)faulty[i] - clean[i]);
            max = double.IsNaN(deviation) || double.IsNaN(max) ? double.NaN : Math.Max(max, deviation);
        }

        return new LayerDeviation(node, op, tensor, max, changed, clean.Length);
    }
}

using System.Runtime.InteropServices;
using Payload.Inference.Hardening;
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
    private readonly string[] _outputNames;
    private readonly List<(OwnedWeights Weights, InferenceSession Session)> _replicas = [];
    private readonly WeightScrubber? _scrubber;
    private readonly RangeGuardMonitor? _guardMonitor;
    private bool _replicasWarm;

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
        _outputNames = campaign.Guard?.ExtremesOutput is { } extremes ? [campaign.Manifest.OutputName, extremes] : [campaign.Manifest.OutputName];
        _guardMonitor = campaign.Guard is { ExtremesOutput: not null } guard ? new RangeGuardMonitor(guard) : null;
        if (campaign.Spec.Protection is CampaignProtection.Dmr or CampaignProtection.Tmr or CampaignProtection.DmrScrub)
        {
            // Replicas 1 and 2 compute over their own weight copies; the fault hits replica 0 (this rig's weights and run).
            for (int r = 1; r < RedundantSession.MaxReplicas; r++)
            {
                OwnedWeights weights = OwnedWeights.FromModel(campaign.Model);
                _replicas.Add((weights, InferenceSession.FromBytes(campaign.ModelBytes, Campaign.CleanOptions(weights.Buffers))));
            }
        }

        if (campaign.Spec.Protection == CampaignProtection.DmrScrub)
        {
            _scrubber = new WeightScrubber(_weights);
        }
    }

    /// <summary>Runs the whole model, unharmed.</summary>
    public (float[] Output, long[] Shape) RunClean(float[] input)
    {
        NamedTensor output = _session.Run([InputTensor(input)], [_campaign.Manifest.OutputName])[0];
        return (output.AsSpan<float>().ToArray(), [.. output.Shape]);
    }

    private RunResult RunWhole(float[] input)
    {
        IReadOnlyList<NamedTensor> results = _session.Run([InputTensor(input)], _outputNames);
        return new RunResult(results[0].AsSpan<float>().ToArray(), results.Count > 1 ? results[1].AsSpan<float>().ToArray() : null);
    }

    /// <summary>
    /// Runs the injection <paramref name="record"/> describes under the campaign's protection and
    /// returns the (possibly corrupted) output and whether a protection repaired or flagged it.
    /// </summary>
    public InjectionResult Execute(InjectionRecord record)
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
                    // Protection (and the scrub pass) runs while the weight is still corrupted.
                    return Protect(RunWhole(golden.Input), golden);
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
                return Protect(RunWhole(input), golden);
            }

            case FaultTarget.Output:
            {
                RunResult run = RunWhole(golden.Input);
                fault.Apply(ElementBytes(MemoryMarshal.AsBytes(run.Output.AsSpan()), record));
                return Protect(run, golden);
            }

            case FaultTarget.Activation:
                return Protect(RunSplit(golden.Input, record), golden);

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
        HashSet<string> floats = [.. _campaign.ActivationSlots.Select(s => s.Name), .. _campaign.ActivationSlots.Select(s => _campaign.InjectionTensor(s.Name)), _campaign.Manifest.OutputName];
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
                string cut = _campaign.InjectionTensor(record.Tensor);
                (GraphSplit split, InferenceSession head, InferenceSession tail) = CreateSplit(cut, golden.Input);
                Dictionary<string, NamedTensor> available;
                using (head)
                using (tail)
                {
                    available = head.Run([InputTensor(golden.Input)], split.HeadOutputs).ToDictionary(t => t.Name);
                }

                faulty = new Dictionary<string, NamedTensor>(clean);
                faulty[cut] = Corrupted(clean[cut], record);
                available[cut] = faulty[cut];
                available[_campaign.Manifest.InputName] = InputTensor(golden.Input);
                HashSet<string> tailProduced = [.. split.Tail.Nodes.SelectMany(n => n.Output)];
                string[] tailNames = [.. names.Where(tailProduced.Contains)];
                List<NamedTensor> tailInputs = [.. split.TailInputs.Select(name => available[name])];
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
        foreach ((OwnedWeights weights, InferenceSession session) in _replicas)
        {
            session.Dispose();
            weights.Dispose();
        }

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

    /// <summary>Makes the sessions <paramref name="record"/> needs (an activation's head and tail), so their creation is not timed by the watchdog.</summary>
    public void Prepare(InjectionRecord record)
    {
        if (!_replicasWarm)
        {
            // A session's first run is slower (lazy kernel set-up); keep it out of the watchdog.
            NamedTensor clean = InputTensor(_campaign.Golden(record.Tile).Input);
            foreach ((_, InferenceSession session) in _replicas)
            {
                session.Run([clean], [_campaign.Manifest.OutputName]);
            }

            _replicasWarm = true;
        }

        if (record.Target == FaultTarget.Activation)
        {
            Split(_campaign.InjectionTensor(record.Tensor), _campaign.Golden(record.Tile).Input);
        }
    }

    private (GraphSplit Split, InferenceSession Head, InferenceSession Tail) Split(string tensor, float[] input)
    {
        if (!_splits.TryGetValue(tensor, out (GraphSplit Split, InferenceSession Head, InferenceSession Tail) cut))
        {
            cut = CreateSplit(tensor, input);
            _splits.Add(tensor, cut);
        }

        return cut;
    }

    private RunResult RunSplit(float[] input, InjectionRecord record)
    {
        string tensor = _campaign.InjectionTensor(record.Tensor);
        (GraphSplit Split, InferenceSession Head, InferenceSession Tail) cut = Split(tensor, input);

        NamedTensor inputTensor = InputTensor(input);
        Dictionary<string, NamedTensor> available = cut.Head.Run([inputTensor], cut.Split.HeadOutputs).ToDictionary(t => t.Name);
        available[inputTensor.Name] = inputTensor;
        available[tensor] = Corrupted(available[tensor], record);
        HashSet<string> tailOutputs = [.. cut.Split.Tail.OutputNames];
        foreach (NamedTensor produced in cut.Tail.Run([.. cut.Split.TailInputs.Select(name => available[name])], [.. _outputNames.Where(tailOutputs.Contains)]))
        {
            available[produced.Name] = produced;
        }

        return new RunResult(available[_outputNames[0]].AsSpan<float>().ToArray(), _outputNames.Length > 1 ? available[_outputNames[1]].AsSpan<float>().ToArray() : null);
    }

    // The tail's inputs need their shapes declared; the head's first run tells them (the same for every tile).
    private (GraphSplit Split, InferenceSession Head, InferenceSession Tail) CreateSplit(string tensor, float[] input)
    {
        GraphSplit split = GraphSplit.At(_campaign.Model, tensor, _campaign.ActivationShapes);
        InferenceSession head = InferenceSession.FromBytes(split.Head.ToBytes(), Campaign.CleanOptions(null));
        Dictionary<string, long[]> shapes = new(_campaign.ActivationShapes);
        foreach (NamedTensor produced in head.Run([InputTensor(input)], split.HeadOutputs))
        {
            shapes[produced.Name] = [.. produced.Shape];
        }

        split = GraphSplit.At(_campaign.Model, tensor, shapes);
        return (split, head, InferenceSession.FromBytes(split.Tail.ToBytes(), Campaign.CleanOptions(null)));
    }

    private InjectionResult Protect(RunResult run, GoldenRun golden)
    {
        float[] output = run.Output;
        bool repaired = false;
        bool flagged = false;
        if (_replicas.Count > 0)
        {
            NamedTensor clean = InputTensor(golden.Input);
            byte[] first = _replicas[0].Session.Run([clean], [_campaign.Manifest.OutputName])[0].Data;
            bool dmr = _campaign.Spec.Protection != CampaignProtection.Tmr;
            if (!dmr || !OutputVoter.Agree(MemoryMarshal.AsBytes(output.AsSpan()), first, sizeof(float), 0))
            {
                byte[] second = _replicas[1].Session.Run([clean], [_campaign.Manifest.OutputName])[0].Data;
                Span<long> outvoted = stackalloc long[RedundantSession.MaxReplicas];
                outvoted.Clear();
                long unresolved = OutputVoter.VoteElements(MemoryMarshal.AsBytes(output.AsSpan()), first, second, sizeof(float), 0, outvoted);
                flagged = unresolved > 0;
                repaired = !flagged && (dmr || outvoted[0] + outvoted[1] + outvoted[2] > 0);
            }
        }

        if (_scrubber is not null)
        {
            long unrepairable = _scrubber.Unrepairable;
            repaired |= _scrubber.ScrubAll() > 0;
            flagged |= _scrubber.Unrepairable > unrepairable;
        }

        if (_guardMonitor is not null && run.Extremes is not null && _guardMonitor.Observe(run.Extremes) > 0)
        {
            bool identical = MemoryMarshal.AsBytes(output.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(golden.Output.AsSpan()));
            repaired |= identical;
            flagged |= !identical;
        }

        return new InjectionResult(output, repaired, flagged);
    }

    // Every run's input, as the flight hands it to the model: under range guards restricted by the input guard first.
    private NamedTensor InputTensor(float[] input)
    {
        int size = _campaign.TileSize;
        long[] shape = [1, input.Length / size / size, size, size];
        byte[] bytes = MemoryMarshal.AsBytes(input.AsSpan()).ToArray();
        _guardMonitor?.GuardInput(_campaign.Manifest.InputName, MemoryMarshal.Cast<byte, float>(bytes.AsSpan()));
        return new NamedTensor(_campaign.Manifest.InputName, TensorElementType.Float32, shape, bytes);
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

using Google.Protobuf;
using Payload.Inference.DefaultModel;
using Payload.Inference.FaultInjection;
using Payload.Inference.Onnx.Protos;

namespace Payload.Inference.Tests.FaultInjection;

/// <summary>
/// A model whose Loop trip count is a float32 weight (8, cast to int64): flipping an exponent bit
/// makes it 2^19 iterations, far beyond the watchdog; the campaign must log a hang and go on.
/// </summary>
[NonParallelizable]
public class HangWatchdogTests
{
    private const string TripWeight = "trips";

    [Test]
    public void A_run_past_the_watchdog_is_a_hang_and_the_worker_goes_on_with_a_fresh_rig()
    {
        string folder = Directory.CreateTempSubdirectory("hang-model-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "model.onnx"), LoopModel().ToByteArray());
            File.WriteAllText(Path.Combine(folder, "manifest.json"), """
                { "name": "loop", "version": "1", "inputName": "bands", "outputName": "probabilities", "bands": ["blue"],
                  "scale": [1], "offset": [0], "normalisation": "affine", "tileSize": 16, "tileOverlap": 0, "classes": ["a", "b"],
                  "decoding": { "kind": "argmax", "axis": 1 } }
                """);
            Campaign campaign = Campaign.Open(CampaignSpec.Parse(
                """{ "model": "model.onnx", "manifest": "manifest.json", "tiles": [{ "seed": 1 }], "seed": 1, "injections": 1, "hangFloorMilliseconds": 100 }""", folder));
            InjectionRecord Flip(int index, int bit) => new()
            {
                Index = index, Target = FaultTarget.Weight, Tensor = TripWeight, Element = 0, FaultModel = FaultModel.SingleBit, Bit = bit,
                BitField = Fault.FieldOf(bit), Tile = 0, GoldenHash = campaign.GoldenHashes[0],
            };

            List<InjectionRecord> done = [];
            CampaignRunner.Run(campaign, [Flip(0, 27), Flip(1, 0)], workers: 1, done.Add);

            Assert.That(done.Select(r => r.Outcome), Is.EqualTo(new InjectionOutcome?[] { InjectionOutcome.Hang, InjectionOutcome.Masked }));
            Assert.That(done[0].Detail, Does.Contain("no result within"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ModelProto LoopModel()
    {
        GraphProto body = new() { Name = "body" };
        body.Input.Add(new ValueInfoProto { Name = "i", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 7, Shape = new TensorShapeProto() } } });
        body.Input.Add(new ValueInfoProto { Name = "cond_in", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 9, Shape = new TensorShapeProto() } } });
        body.Input.Add(OnnxGraphBuilder.FloatTensor("v_in", 1, 1, 16, 16));
        body.Output.Add(new ValueInfoProto { Name = "cond_out", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 9, Shape = new TensorShapeProto() } } });
        body.Output.Add(OnnxGraphBuilder.FloatTensor("v_out", 1, 1, 16, 16));
        OnnxGraphBuilder b = new(body);
        b.Node("Identity", "cond_out", "cond_in");
        b.Node("Identity", "v_out", "v_in");

        GraphProto graph = new() { Name = "loop" };
        graph.Input.Add(OnnxGraphBuilder.FloatTensor("bands", 1, 1, 16, 16));
        graph.Output.Add(OnnxGraphBuilder.FloatTensor("probabilities", 1, 2, 16, 16));
        OnnxGraphBuilder g = new(graph);
        g.Scalar(TripWeight, 8f);
        g.Node("Cast", ["trip_count"], [TripWeight], [OnnxGraphBuilder.Int("to", 7)]);
        g.Node("Loop", ["looped"], ["trip_count", "", "bands"], [new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = body }]);
        g.Node("Neg", "negated", "looped");
        g.Node("Concat", ["probabilities"], ["looped", "negated"], [OnnxGraphBuilder.Int("axis", 1)]);
        ModelProto model = new() { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }
}

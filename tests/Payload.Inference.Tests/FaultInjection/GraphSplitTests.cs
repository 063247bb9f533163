using System.Runtime.InteropServices;
using Payload.Inference.FaultInjection;
using Payload.Inference.Onnx;
using Payload.Inference.Runtime;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.FaultInjection;

public class GraphSplitTests
{
    private static readonly SessionOptions NodeByNode = new() { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Disabled };

    [Test]
    public void Head_then_tail_equals_the_whole_default_model_at_every_activation()
    {
        Campaign campaign = Campaign.Open(DefaultModelCampaign.Spec(injections: 1));
        AssertEverySplitMatches(campaign, stride: 1);
    }

    [Test]
    public void Head_then_tail_equals_the_whole_cunet_at_sampled_activations()
    {
        string model = Path.Combine(RepositoryPaths.SharedData, "models", "cloud38-cunet-l8-rgb384.onnx");
        Require.SharedData(model);
        CampaignSpec spec = new CampaignSpec
        {
            Model = model,
            Manifest = Path.Combine(RepositoryPaths.Root, "inference", "models", "cloud38-cunet-l8-rgb384.json"),
            Tiles = [new CampaignTile { Seed = 3 }],
            Injections = 1,
        }.WithBase(RepositoryPaths.Root);
        Campaign campaign = Campaign.Open(spec);

        Assert.That(campaign.Activations, Has.Count.GreaterThan(10));
        AssertEverySplitMatches(campaign, stride: 7);
    }

    [Test]
    public void Splitting_at_an_unknown_tensor_or_an_output_is_refused()
    {
        OnnxModel model = OnnxModel.Load(Path.Combine(DefaultModelCampaign.ModelDirectory, "model.onnx"));

        Assert.That(() => GraphSplit.At(model, "no_such_tensor"), Throws.TypeOf<OnnxModelException>().With.Message.Contains("no_such_tensor"));
        Assert.That(() => GraphSplit.At(model, model.OutputNames[0]), Throws.TypeOf<OnnxModelException>().With.Message.Contains("model output"));
    }

    private static void AssertEverySplitMatches(Campaign campaign, int stride)
    {
        OnnxModel model = campaign.Model;
        GoldenRun golden = campaign.Golden(0);
        int size = campaign.TileSize;
        NamedTensor input = new(campaign.Manifest.InputName, TensorElementType.Float32, [1, golden.Input.Length / size / size, size, size], MemoryMarshal.AsBytes(golden.Input.AsSpan()).ToArray());
        byte[] whole = MemoryMarshal.AsBytes(golden.Output.AsSpan()).ToArray();
        for (int a = 0; a < campaign.Activations.Count; a += stride)
        {
            string tensor = campaign.Activations[a].Name;
            GraphSplit split = GraphSplit.At(model, tensor, campaign.ActivationShapes);
            using InferenceSession head = InferenceSession.FromBytes(split.Head.ToBytes(), NodeByNode);
            using InferenceSession tail = InferenceSession.FromBytes(split.Tail.ToBytes(), NodeByNode);
            Dictionary<string, NamedTensor> available = head.Run([input], split.HeadOutputs).ToDictionary(t => t.Name);
            available[input.Name] = input;

            NamedTensor output = tail.Run([.. split.TailInputs.Select(n => available[n])], [campaign.Manifest.OutputName])[0];

            Assert.That(output.Data, Is.EqualTo(whole), $"split at {tensor}");
            Assert.That(split.TailInputs[0], Is.EqualTo(tensor));
        }
    }
}

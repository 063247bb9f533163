using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Runtime;

/// <summary>The ONNX backend node-test cases (onnx v1.20.1) in ../shared/data, run through our binding.</summary>
public class NodeConformanceTests
{
    // Tolerance of the ONNX backend test runner and of verify-models.mjs: |a-b| <= atol + rtol·|b|.
    private const double AbsoluteTolerance = 1e-5;
    private const double RelativeTolerance = 1e-3;

    [TestCaseSource(typeof(SharedModels), nameof(SharedModels.NodeTestCases))]
    public void Node_test_matches_expected_outputs(string caseName)
    {
        string folder = Require.SharedData(Path.Combine(SharedModels.NodeTests, caseName));
        string data = Path.Combine(folder, "test_data_set_0");
        NamedTensor[] inputs = [.. Directory.GetFiles(data, "input_*.pb").Order(StringComparer.Ordinal).Select(TestTensors.FromTensorProtoFile)];
        NamedTensor[] expected = [.. Directory.GetFiles(data, "output_*.pb").Order(StringComparer.Ordinal).Select(TestTensors.FromTensorProtoFile)];

        using InferenceSession session = InferenceSession.Open(Path.Combine(folder, "model.onnx"));
        IReadOnlyList<NamedTensor> actual = session.Run(inputs, [.. expected.Select(e => e.Name)]);

        Assert.That(actual, Has.Count.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.That(actual[i].Name, Is.EqualTo(expected[i].Name));
            Assert.That(actual[i].ElementType, Is.EqualTo(expected[i].ElementType), expected[i].Name);
            Assert.That(actual[i].Shape, Is.EqualTo(expected[i].Shape), expected[i].Name);
            if (expected[i].ElementType is TensorElementType.Float32 or TensorElementType.Float16 or TensorElementType.Float64)
            {
                double[] a = TestTensors.AsDoubles(actual[i]);
                double[] b = TestTensors.AsDoubles(expected[i]);
                int bad = Enumerable.Range(0, b.Length).FirstOrDefault(k => !Close(a[k], b[k]), -1);
                Assert.That(bad, Is.EqualTo(-1), () => $"{expected[i].Name}[{bad}]: got {a[bad]}, expected {b[bad]}");
            }
            else
            {
                Assert.That(actual[i].Data, Is.EqualTo(expected[i].Data), expected[i].Name);
            }
        }
    }

    // NaN matches NaN and infinities match exactly (the cast cases carry both).
    private static bool Close(double actual, double expected) =>
        actual.Equals(expected) || Math.Abs(actual - expected) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(expected);
}

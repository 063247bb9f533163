using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Onnx;

/// <summary>Paths of the real models and tiles under ../shared/data that these tests use.</summary>
internal static class SharedModels
{
    public const string CUnet = "models/cloud38-cunet-l8-rgb384.onnx";
    public const string CFcn = "models/cloud38-cfcn-l8-rgb384.onnx";
    public const string S2Unet = "models/s2cloud-unet-rgbn224.onnx";
    public const string NodeTests = "onnx-node-tests";
    public const string CloudPatch = "tiles/38cloud-sample/derived/patch_192_10_by_12.rgbn_chw.uint16.npy";
    public const string CUnetReference = "reference-outputs/cloud38-cunet-l8-rgb384__38cloud_patch_192_10_by_12.output.npy";
    public const string CFcnReference = "reference-outputs/cloud38-cfcn-l8-rgb384__38cloud_patch_192_10_by_12.output.npy";

    /// <summary>Names of the ONNX node-test case folders, or none when ../shared is absent.</summary>
    public static IEnumerable<string> NodeTestCases()
    {
        string root = Path.Combine(RepositoryPaths.SharedData, NodeTests);
        if (!Directory.Exists(root))
        {
            // One placeholder case so the test runs and reports the missing data through Require.SharedData.
            return ["(shared data absent)"];
        }

        return Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
    }
}

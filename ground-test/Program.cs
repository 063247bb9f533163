using System.CommandLine;
using Payload.GroundTest.Commands;

namespace Payload.GroundTest;

/// <summary>The ground station and test bench: one command line for operators, engineers and testers.</summary>
internal static class Program
{
    public static int Main(string[] args) => CreateRoot().Parse(args).Invoke();

    /// <summary>The command tree, shared by <see cref="Main"/> and the tests.</summary>
    internal static RootCommand CreateRoot()
    {
        return new("Payload ground station and test bench: run the payload loop, decode downlink, check models, inject faults.")
        {
            RunCommand.Create(),
            FrameCommand.Create(),
            DecodeCommand.Create(),
            ModelCommand.Create(),
            InferCommand.Create(),
            CompressCommand.Create(),
            DecompressCommand.Create(),
            SendCommand.Create(),
            BundleCommand.Create(),
            PipelineWorkerCommand.Create(),
            CampaignCommand.Create(),
            DashboardCommand.Create(),
        };
    }
}

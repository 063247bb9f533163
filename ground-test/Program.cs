using System.CommandLine;
using Payload.GroundTest.Commands;

namespace Payload.GroundTest;

/// <summary>The ground station and test bench: one command line for operators, engineers and testers.</summary>
internal static class Program
{
    /// <summary>How long Ctrl+C or SIGTERM waits for the command to stop its flight process and dashboard before the process ends anyway.</summary>
    private static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(10);

    // System.CommandLine 2.0.0 leaves termination unhandled unless the timeout is set; with it, Ctrl+C and SIGTERM
    // cancel the command's token so a run stops its flight process and dashboard on the way out.
    public static int Main(string[] args) =>
        CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationGrace }).GetAwaiter().GetResult();

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

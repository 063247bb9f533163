using System.CommandLine;
using Payload.GroundTest.Commands;

namespace Payload.GroundTest;

/// <summary>The ground station and test bench: one command line for operators, engineers and testers.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        RootCommand root = new("Payload ground station and test bench: run the payload loop, decode downlink, check models, inject faults.")
        {
            RunCommand.Create(),
            CompressCommand.Create(),
            DecompressCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}

using System.CommandLine;
using Payload.Inference.DefaultModel;

namespace Payload.GroundTest.Commands;

/// <summary><c>ground-test model</c>: operations on models; <c>model default</c> regenerates the default model.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        Option<DirectoryInfo> output = new("--out")
        {
            Description = "Folder to write model.onnx and manifest.json into.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("inference", "models", "default")),
        };
        Command regenerate = new("default", "Build the default land / water / vegetation / cloud model (ONNX graph from spectral indices) and its manifest.")
        {
            output,
        };
        regenerate.SetAction(parse =>
        {
            DirectoryInfo directory = parse.GetValue(output)!;
            (string modelPath, string manifestPath) = LandCoverModel.WriteTo(directory.FullName);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {modelPath} ({new FileInfo(modelPath).Length} bytes)");
            parse.InvocationConfiguration.Output.WriteLine($"wrote {manifestPath}");
            return 0;
        });

        return new Command("model", "Model tools for operators.") { regenerate };
    }
}

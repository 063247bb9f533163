using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Packages;
using Payload.Inference.Runtime;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test model</c>: operations on models. <c>default</c> regenerates the default model, <c>keygen</c>
/// makes the ground signing key pair, <c>pack</c> builds a signed model package, <c>verify</c> runs the
/// payload's validation chain on a package; <c>upload</c>, <c>install</c>, <c>list</c>, <c>activate</c>,
/// <c>rollback</c> and <c>delete</c> talk to the payload over the uplink.
/// </summary>
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

        Command model = new("model", "Model tools for operators.") { regenerate, CreateKeygen(), CreatePack(), CreateVerify(), ModelUploadCommand.Create() };
        foreach (Command slotCommand in ModelSlotCommands.Create())
        {
            model.Subcommands.Add(slotCommand);
        }
        return model;
    }

    /// <summary>File name of the private ground key <c>keygen</c> writes.</summary>
    internal const string PrivateKeyFile = "ground-key.pem";

    /// <summary>File name of the public key <c>keygen</c> writes (the payload's trusted key).</summary>
    internal const string PublicKeyFile = "ground-key.pub.pem";

    private static Command CreateKeygen()
    {
        Option<DirectoryInfo> output = new("--out") { Description = $"Folder for {PrivateKeyFile} (mode 0600) and {PublicKeyFile}.", Required = true };
        Command keygen = new("keygen", "Make an ECDSA P-256 ground key pair for signing packages.") { output };
        keygen.SetAction(parse =>
        {
            DirectoryInfo directory = parse.GetRequiredValue(output);
            string privatePath = Path.Combine(directory.FullName, PrivateKeyFile);
            string publicPath = Path.Combine(directory.FullName, PublicKeyFile);
            if (File.Exists(privatePath))
            {
                parse.InvocationConfiguration.Error.WriteLine($"model keygen: {privatePath} exists; refusing to overwrite a signing key.");
                return 1;
            }

            Directory.CreateDirectory(directory.FullName);
            using GroundKey key = GroundKey.Generate();
            // Created with mode 0600 before any key byte is written.
            FileStreamOptions privateOptions = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                privateOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (StreamWriter writer = new(privatePath, privateOptions))
            {
                writer.WriteLine(key.ExportPrivatePem());
            }

            File.WriteAllText(publicPath, key.ExportPublicPem() + Environment.NewLine);
            TextWriter console = parse.InvocationConfiguration.Output;
            console.WriteLine($"wrote {privatePath} (private, mode 0600)");
            console.WriteLine($"wrote {publicPath} (give this one to the payload)");
            console.WriteLine($"key id {key.KeyId}");
            return 0;
        });
        return keygen;
    }

    private static Command CreatePack()
    {
        Option<FileInfo> model = new("--model") { Description = "The ONNX model.", Required = true };
        Option<FileInfo> manifest = new("--manifest") { Description = "Its model manifest (JSON).", Required = true };
        Option<string[]> inputs = new("--golden-input") { Description = "NAME=FILE.npy: a golden input per model input (repeat).", Required = true };
        Option<string[]> outputs = new("--golden-output") { Description = "NAME=FILE.npy: an expected output (repeat); computed by running the model when omitted." };
        Option<double> tolerance = new("--tolerance") { Description = "Largest absolute difference allowed from the golden outputs.", DefaultValueFactory = _ => 1e-5 };
        Option<FileInfo> key = new("--key") { Description = $"The private ground key ({PrivateKeyFile}).", Required = true };
        Option<FileInfo> output = new("--out") { Description = "Package to write: .zip, or .tar.gz otherwise.", Required = true };
        Command pack = new("pack", "Build a signed model package: model, manifest, golden vectors, SHA-256 of every file, ECDSA signature.")
        {
            model, manifest, inputs, outputs, tolerance, key, output,
        };
        pack.SetAction(parse =>
        {
            TextWriter errors = parse.InvocationConfiguration.Error;
            TextWriter console = parse.InvocationConfiguration.Output;
            try
            {
                Dictionary<string, NpyArray> goldenInputs = ReadNamedArrays(parse.GetRequiredValue(inputs), "--golden-input");
                string[]? outputArgs = parse.GetValue(outputs);
                Dictionary<string, NpyArray>? goldenOutputs = outputArgs is { Length: > 0 } ? ReadNamedArrays(outputArgs, "--golden-output") : null;
                using GroundKey signingKey = GroundKey.Load(parse.GetRequiredValue(key).FullName);
                (PackageContents contents, PackageManifest packageManifest) = ModelPackageBuilder.Build(
                    File.ReadAllBytes(parse.GetRequiredValue(model).FullName),
                    File.ReadAllText(parse.GetRequiredValue(manifest).FullName),
                    goldenInputs,
                    goldenOutputs,
                    parse.GetValue(tolerance),
                    signingKey);

                // The ground runs the payload's chain before anything is uplinked.
                using GroundKey publicKey = GroundKey.FromPem(signingKey.ExportPublicPem(), "public half");
                IReadOnlyList<GoldenComparison> golden = RunChain(PackageVerifier.Verify(contents, publicKey));
                string target = parse.GetRequiredValue(output).FullName;
                contents.WriteArchive(target, packageManifest);
                console.WriteLine($"wrote {target} ({new FileInfo(target).Length} bytes): {packageManifest.Name} {packageManifest.Version}, {packageManifest.Files.Count} files, signed by key {signingKey.KeyId}");
                foreach (GoldenComparison comparison in golden)
                {
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"golden {comparison.Tensor}: max error {comparison.MaxError:G6} (tolerance {comparison.Tolerance:G6}){(goldenOutputs is null ? ", computed" : "")}"));
                }

                return 0;
            }
            catch (Exception e) when (e is PackageRejectedException or ModelManifestException or OnnxRuntimeException or NpyFormatException or CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                errors.WriteLine($"model pack: {e.Message}");
                return 1;
            }
        });
        return pack;
    }

    private static Command CreateVerify()
    {
        Argument<FileInfo> package = new("package") { Description = "Model package (.zip, .tar.gz or folder)." };
        Option<FileInfo> key = new("--key") { Description = $"The trusted public key ({PublicKeyFile}).", Required = true };
        Command verify = new("verify", "Run the payload's validation chain on a package: signature, hashes, ONNX Runtime load, tensors, golden vectors.") { package, key };
        verify.SetAction(parse =>
        {
            try
            {
                using GroundKey trusted = GroundKey.Load(parse.GetRequiredValue(key).FullName);
                VerifiedPackage verified = PackageVerifier.Verify(parse.GetRequiredValue(package).FullName, trusted);
                IReadOnlyList<GoldenComparison> golden = RunChain(verified);
                parse.InvocationConfiguration.Output.WriteLine(
                    $"accepted {verified.Manifest.Name} {verified.Manifest.Version}: sha256 {verified.ManifestHash}, {golden.Count} golden outputs within tolerance");
                return 0;
            }
            catch (PackageRejectedException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"model verify: rejected ({e.Reason}): {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"model verify: {e.Message}");
                return 1;
            }
        });
        return verify;
    }

    private static IReadOnlyList<GoldenComparison> RunChain(VerifiedPackage package)
    {
        (InferenceSession session, ModelManifest manifest) = ModelPackageValidator.Load(package);
        using (session)
        {
            ModelPackageValidator.CheckTensors(session, manifest, package);
            return ModelPackageValidator.RunGolden(session, package);
        }
    }

    private static Dictionary<string, NpyArray> ReadNamedArrays(string[] pairs, string option)
    {
        Dictionary<string, NpyArray> arrays = new(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new ArgumentException($"{option} '{pair}' is not NAME=FILE.npy");
            }

            string name = pair[..equals];
            if (!arrays.TryAdd(name, NpyFile.Read(pair[(equals + 1)..])))
            {
                throw new ArgumentException($"{option} names tensor '{name}' twice");
            }
        }

        return arrays;
    }
}

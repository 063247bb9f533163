using Payload.Hal.Imaging;
using Payload.Inference.Packages;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Packages;

/// <summary>Model packages built from the committed default model, and ways to spoil them (shared with the flight tests).</summary>
internal static class PackageFixtures
{
    public const string InputName = "bands";
    public const string OutputName = "probabilities";

    public static string DefaultModelDirectory => Path.Combine(RepositoryPaths.Root, "inference", "models", "default");

    public static byte[] DefaultModel => File.ReadAllBytes(Path.Combine(DefaultModelDirectory, "model.onnx"));

    public static string DefaultManifestJson(string version = "1.0.0") =>
        File.ReadAllText(Path.Combine(DefaultModelDirectory, "manifest.json")).Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\"", StringComparison.Ordinal);

    /// <summary>Seeded reflectances in [0, 1), float32 [1, 4, 16, 16].</summary>
    public static NpyArray GoldenInput(int seed = 7, int bands = 4)
    {
        Random random = new(seed);
        float[] values = new float[bands * 16 * 16];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return NpyArray.FromFloat32([1, bands, 16, 16], values);
    }

    /// <summary>A sealed package of the default model; golden outputs computed unless given.</summary>
    public static PackageContents DefaultPackage(
        GroundKey key, string? manifestJson = null, IReadOnlyDictionary<string, NpyArray>? outputs = null, double tolerance = 1e-5, NpyArray? input = null, byte[]? model = null)
    {
        Dictionary<string, NpyArray> inputs = new() { [InputName] = input ?? GoldenInput() };
        return ModelPackageBuilder.Build(model ?? DefaultModel, manifestJson ?? DefaultManifestJson(), inputs, outputs, tolerance, key).Contents;
    }

    /// <summary>The expected output of the default model on <see cref="GoldenInput"/>, with <paramref name="delta"/> added to element <paramref name="index"/>.</summary>
    public static Dictionary<string, NpyArray> PerturbedOutput(GroundKey key, float delta, int index = 5)
    {
        PackageContents good = DefaultPackage(key);
        NpyArray output = NpyFile.Parse(good.Files[$"golden/output-{OutputName}.npy"], "output");
        output.AsSpan<float>()[index] += delta;
        return new Dictionary<string, NpyArray> { [OutputName] = output };
    }

    /// <summary>A copy of <paramref name="contents"/> with <paramref name="path"/> replaced, or removed when <paramref name="data"/> is null.</summary>
    public static PackageContents With(PackageContents contents, string path, byte[]? data)
    {
        Dictionary<string, byte[]> files = new(contents.Files);
        if (data is null)
        {
            files.Remove(path);
        }
        else
        {
            files[path] = data;
        }

        return new PackageContents(contents.Source, files);
    }

    /// <summary>A copy of the bytes with one bit flipped at <paramref name="offset"/> (negative counts from the end).</summary>
    public static byte[] FlipBit(byte[] data, int offset)
    {
        byte[] copy = (byte[])data.Clone();
        copy[offset < 0 ? copy.Length + offset : offset] ^= 0x01;
        return copy;
    }

    public static string WriteZip(PackageContents contents, string directory, string name = "package.zip")
    {
        string path = Path.Combine(directory, name);
        using FileStream stream = File.Create(path);
        contents.WriteZip(stream);
        return path;
    }
}

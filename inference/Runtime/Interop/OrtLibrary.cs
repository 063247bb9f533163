using System.Runtime.InteropServices;

namespace Payload.Inference.Runtime.Interop;

/// <summary>
/// Finds and loads <c>libonnxruntime.so.1</c> by absolute path (a bare name would not search the
/// application folder) and hands out the <c>OrtApi</c> function table for API version 24.
/// </summary>
internal static unsafe class OrtLibrary
{
    /// <summary>File name of the native library as shipped in onnxruntime-node.</summary>
    public const string FileName = "libonnxruntime.so.1";

    /// <summary><c>ORT_API_VERSION</c> of onnxruntime_c_api.h for ONNX Runtime 1.24.</summary>
    public const uint ApiVersion = 24;

    private static readonly Lazy<Loaded> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The <c>const OrtApi*</c> table: one function pointer per slot.</summary>
    public static void** Api => Instance.Value.Api;

    /// <summary>Absolute path the library was loaded from.</summary>
    public static string LoadedPath => Instance.Value.Path;

    /// <summary>ONNX Runtime's version string (OrtApiBase::GetVersionString).</summary>
    public static string VersionString => Instance.Value.Version;

    /// <summary>Paths searched, in order: beside the application, then the portable runtimes/ layout.</summary>
    public static IReadOnlyList<string> CandidatePaths()
    {
        string rid = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "linux-x64",
            Architecture.Arm64 => "linux-arm64",
            Architecture other => "linux-" + other.ToString().ToLowerInvariant(),
        };
        string[] folders = [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(OrtLibrary).Assembly.Location) ?? AppContext.BaseDirectory];
        List<string> paths = [];
        foreach (string folder in folders.Distinct())
        {
            paths.Add(Path.Combine(folder, FileName));
            paths.Add(Path.Combine(folder, "runtimes", rid, "native", FileName));
        }

        return paths;
    }

    private static Loaded Load()
    {
        IReadOnlyList<string> candidates = CandidatePaths();
        string? path = candidates.FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException(
                $"{FileName} was not found (looked at {string.Join(", ", candidates)}); build Payload.Inference, whose build fetches it with npm.");

        nint library = NativeLibrary.Load(path);
        var getApiBase = (delegate* unmanaged<OrtApiBase*>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        OrtApiBase* apiBase = getApiBase();
        void** api = apiBase->GetApi(ApiVersion);
        string version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "";
        if (api is null)
        {
            throw new DllNotFoundException($"{path} (ONNX Runtime {version}) does not offer C API version {ApiVersion}.");
        }

        return new Loaded(path, api, version);
    }

    /// <summary>struct OrtApiBase of onnxruntime_c_api.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct OrtApiBase
    {
        public delegate* unmanaged<uint, void**> GetApi;
        public delegate* unmanaged<byte*> GetVersionString;
    }

    private sealed class Loaded(string path, void** api, string version)
    {
        public string Path { get; } = path;

        public void** Api { get; } = api;

        public string Version { get; } = version;
    }
}

using System.Runtime.InteropServices;
using Payload.Inference.Runtime.Interop;

namespace Payload.Inference.Runtime;

/// <summary>Facts about the loaded ONNX Runtime native library.</summary>
public static unsafe class OnnxRuntime
{
    /// <summary>ONNX Runtime's version, e.g. "1.24.3".</summary>
    public static string Version => OrtLibrary.VersionString;

    /// <summary>C API version Payload binds (ORT_API_VERSION).</summary>
    public static int ApiVersion => (int)OrtLibrary.ApiVersion;

    /// <summary>Absolute path of the loaded <c>libonnxruntime.so.1</c>.</summary>
    public static string LibraryPath => OrtLibrary.LoadedPath;

    /// <summary>ORT's build description (GetBuildInfoString): version, git commit, build type.</summary>
    public static string BuildInfo => Marshal.PtrToStringUTF8((nint)OrtApi.GetBuildInfoString()) ?? "";
}

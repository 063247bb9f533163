using System.Runtime.InteropServices;

namespace Payload.Inference.Runtime.Interop;

/// <summary>
/// An OrtValue made over native memory we allocated (CreateTensorWithDataAsOrtValue does not copy).
/// Releasing frees the value first, then the memory it points into.
/// </summary>
internal sealed unsafe class OrtTensorValueHandle : OrtHandle
{
    public void* Data { get; set; }

    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseValue(handle);
        NativeMemory.AlignedFree(Data);
        Data = null;
        return true;
    }
}

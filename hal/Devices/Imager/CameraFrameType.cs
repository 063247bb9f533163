namespace Payload.Hal.Devices.Imager;

/// <summary>Frame types of the camera link protocol (README.md in this folder, §2).</summary>
public enum CameraFrameType : byte
{
    /// <summary>Host → camera: take a scene. Empty payload.</summary>
    CaptureRequest = 0x01,

    /// <summary>Camera → host: scene metadata.</summary>
    SceneHeader = 0x81,

    /// <summary>Camera → host: a chunk of samples at a byte offset.</summary>
    SceneData = 0x82,

    /// <summary>Camera → host: the scene is complete; payload is the total sample bytes.</summary>
    SceneEnd = 0x83,

    /// <summary>Camera → host: the capture failed; payload is a UTF-8 reason.</summary>
    Error = 0x7F,
}

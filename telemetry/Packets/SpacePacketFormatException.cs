namespace Payload.Telemetry.Packets;

/// <summary>Bytes that do not form a valid space packet; the message names the field and its value.</summary>
public sealed class SpacePacketFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SpacePacketFormatException()
    {
    }

    /// <summary>Creates the exception with a message naming field and value.</summary>
    public SpacePacketFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SpacePacketFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

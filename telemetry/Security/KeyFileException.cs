namespace Payload.Telemetry.Security;

/// <summary>A key file that cannot be trusted or read: wrong permissions, bad syntax, duplicate SPI.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException()
    {
    }

    public KeyFileException(string message)
        : base(message)
    {
    }

    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyFileException(string path, string message)
        : base(message) => FilePath = path;

    public string? FilePath { get; }
}

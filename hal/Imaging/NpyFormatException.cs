namespace Payload.Hal.Imaging;

/// <summary>A <c>.npy</c> file that cannot be read: the message names the file, the header field and its value.</summary>
public sealed class NpyFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/>.</summary>
    public NpyFormatException(string source, string field, string message)
        : base($"{source}: {field}: {message}")
    {
        Source = source;
        Field = field;
    }

    /// <summary>The file (or stream description) being read.</summary>
    public new string Source { get; }

    /// <summary>The header field or section at fault (magic, version, descr, fortran_order, shape, data).</summary>
    public string Field { get; }
}

namespace Payload.Telemetry.Products;

/// <summary>Bytes that do not form a valid downlink product; names the field, its value and what was expected.</summary>
public sealed class ProductFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ProductFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProductFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ProductFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="field"/> holding <paramref name="value"/> where <paramref name="expected"/> was due.</summary>
    public ProductFormatException(string field, long value, string expected, Exception? innerException = null)
        : base($"Product field {field} is {value}; expected {expected}.", innerException)
    {
        Field = field;
        Value = value;
    }

    /// <summary>The product field that was wrong (as named in telemetry/Products/README.md).</summary>
    public string Field { get; } = "";

    /// <summary>The value found in that field.</summary>
    public long Value { get; }
}

using System.Text.Json.Serialization;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// One line of a campaign log: everything needed to replay one injection, then (once run) what it
/// did. <see cref="Element"/> is a flat index into <see cref="Tensor"/>; <see cref="Inference"/> is
/// the run's place in the campaign sequence.
/// </summary>
public sealed record InjectionRecord
{
    /// <summary>Position in the campaign's injection list.</summary>
    public int Index { get; init; }

    /// <summary>Where the fault goes.</summary>
    public FaultTarget Target { get; init; }

    /// <summary>Initializer, activation, input or output name.</summary>
    public string Tensor { get; init; } = "";

    /// <summary>Flat element index in the tensor.</summary>
    public long Element { get; init; }

    /// <summary>The fault model.</summary>
    public FaultModel FaultModel { get; init; }

    /// <summary>First bit (byte models: first bit of the byte).</summary>
    public int Bit { get; init; }

    /// <summary>Bits flipped by an adjacent-bit fault; 1 otherwise.</summary>
    public int Width { get; init; } = 1;

    /// <summary>Byte written by stuck-at and random-byte faults.</summary>
    public byte Value { get; init; }

    /// <summary>The float32 field of the highest bit the fault can change.</summary>
    public BitField BitField { get; init; }

    /// <summary>Index into the campaign's tiles.</summary>
    public int Tile { get; init; }

    /// <summary>The run's place in the campaign sequence.</summary>
    public int Inference { get; init; }

    /// <summary>SHA-256 (hex) of the golden output bytes of this tile.</summary>
    public string GoldenHash { get; init; } = "";

    /// <summary>What happened; null until run.</summary>
    public InjectionOutcome? Outcome { get; init; }

    /// <summary>SHA-256 (hex) of the output bytes with the fault; null for crash and hang.</summary>
    public string? OutputHash { get; init; }

    /// <summary>Pixels whose class differs from the golden class map.</summary>
    public int? ChangedPixels { get; init; }

    /// <summary>Largest absolute output deviation from golden (NaN when an output is NaN).</summary>
    public double? MaxAbsDeviation { get; init; }

    /// <summary>For a crash, the exception message.</summary>
    public string? Detail { get; init; }

    /// <summary>The fault this record describes.</summary>
    [JsonIgnore]
    public Fault Fault => new(FaultModel, Bit, Width, Value);
}

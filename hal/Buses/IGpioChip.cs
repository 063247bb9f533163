namespace Payload.Hal.Buses;

/// <summary>A GPIO controller whose lines are requested one at a time as input or output.</summary>
public interface IGpioChip : IDisposable
{
    /// <summary>Name in messages: the character device path on Linux.</summary>
    string Name { get; }

    /// <summary>Requests <paramref name="offset"/> as an input, with optional edge events.</summary>
    IGpioLine RequestInput(int offset, GpioLineOptions options);

    /// <summary>Requests <paramref name="offset"/> as an output driven to <paramref name="initialActive"/> at once.</summary>
    IGpioLine RequestOutput(int offset, bool initialActive, GpioLineOptions options);
}

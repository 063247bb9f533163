using Payload.Hal.Buses;

namespace Payload.Hal.Devices.LoadSwitch;

/// <summary>
/// A load switch (e.g. TPS22965-class) whose enable pin is a GPIO output, with the rail supervisor's
/// power-good output on a GPIO input. <see cref="SwitchOn"/> checks power-good after enabling, so a rail
/// that does not come up is reported at once.
/// </summary>
public sealed class LoadSwitch : IPowerSwitch, IDisposable
{
    private readonly IGpioLine _enable;
    private readonly IGpioLine? _powerGood;

    /// <summary>Takes ownership of the requested enable line and the optional power-good line.</summary>
    public LoadSwitch(string rail, IGpioLine enable, IGpioLine? powerGood)
    {
        ArgumentException.ThrowIfNullOrEmpty(rail);
        ArgumentNullException.ThrowIfNull(enable);
        if (!enable.IsOutput)
        {
            throw new ArgumentException($"Load switch for {rail}: enable line {enable.Offset} must be requested as an output.", nameof(enable));
        }

        Rail = rail;
        _enable = enable;
        _powerGood = powerGood;
    }

    /// <inheritdoc />
    public string Rail { get; }

    /// <inheritdoc />
    public bool IsOn => _enable.Read();

    /// <summary>True when the supervisor reports the rail in regulation (or, with no power-good line, when it is on).</summary>
    public bool IsPowerGood => _powerGood?.Read() ?? IsOn;

    /// <summary>True when a power-good line is wired.</summary>
    public bool HasPowerGood => _powerGood is not null;

    /// <inheritdoc />
    /// <exception cref="IOException">Power-good stayed low after enabling; the switch is left on so the caller decides.</exception>
    public void SwitchOn()
    {
        _enable.Write(true);
        if (_powerGood is not null && !_powerGood.Read())
        {
            throw new IOException($"Rail {Rail}: power-good (line {_powerGood.Offset}) is low after enabling (line {_enable.Offset}).");
        }
    }

    /// <inheritdoc />
    public void SwitchOff() => _enable.Write(false);

    /// <summary>Releases both lines.</summary>
    public void Dispose()
    {
        _enable.Dispose();
        _powerGood?.Dispose();
    }
}

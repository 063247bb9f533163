namespace Payload.Hal.Buses;

/// <summary>Switches one power rail on and off.</summary>
public interface IPowerSwitch
{
    /// <summary>Name of the rail this switch feeds.</summary>
    string Rail { get; }

    /// <summary>True while the switch is commanded on.</summary>
    bool IsOn { get; }

    /// <summary>Turns the rail on; throws <see cref="IOException"/> when the rail does not come up.</summary>
    void SwitchOn();

    /// <summary>Turns the rail off.</summary>
    void SwitchOff();
}

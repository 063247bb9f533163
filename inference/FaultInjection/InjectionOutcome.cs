namespace Payload.Inference.FaultInjection;

/// <summary>What one injection did to the result.</summary>
public enum InjectionOutcome
{
    /// <summary>Output bit-identical to the golden run.</summary>
    Masked,

    /// <summary>A protection detected and repaired the fault; output identical.</summary>
    Corrected,

    /// <summary>A protection flagged the result as unrecoverable (detected unrecoverable error).</summary>
    Detected,

    /// <summary>Output differs, class map identical, nothing noticed: silent data corruption.</summary>
    Sdc,

    /// <summary>The class map itself differs and nothing noticed.</summary>
    CriticalSdc,

    /// <summary>The run threw.</summary>
    Crash,

    /// <summary>The run did not finish within the watchdog timeout.</summary>
    Hang,
}

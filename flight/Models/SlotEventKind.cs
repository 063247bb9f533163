namespace Payload.Flight.Models;

/// <summary>Each step of the install chain and of the slot lifecycle; the executive maps them to telemetry events.</summary>
public enum SlotEventKind
{
    PackageStaged,
    PackageVerified,
    PackageRejected,
    ModelLoaded,
    TensorsChecked,
    GoldenVectorsPassed,
    SlotWritten,
    SlotActivated,
    ProbationStarted,
    ProbationPassed,
    ProbationFailed,
    RolledBack,
    SlotDeleted,
    BootCounted,
    PartialWriteDiscarded,
    SlotCorrupt,
    CommandRefused,
}

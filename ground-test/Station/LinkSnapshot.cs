using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Station;

/// <summary>
/// The state of both links at <paramref name="At"/>: downlink counters (CADUs, Reed-Solomon corrections, losses, what the
/// link shim dropped or corrupted; restarts of the payload's counters, which are not losses), the octet rate over the last interval, and the COP-1 uplink (FOP-1 state, frames
/// waiting for the CLCW, CLTUs sent, retransmission rounds, re-synchronisations of V(R)).
/// </summary>
internal sealed record LinkSnapshot(
    DateTimeOffset At,
    long Cadus,
    long CaduOctets,
    double OctetsPerSecond,
    long CorrectedSymbols,
    long UncorrectableCodewords,
    long FramesLost,
    long PacketsLost,
    long SenderRestarts,
    long CadusDropped,
    long CadusCorrupted,
    FopState UplinkState,
    int UplinkOutstanding,
    long CltusSent,
    long UplinkRetransmissions,
    long UplinkResynchronisations,
    int FlightStarts);

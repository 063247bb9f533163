namespace Payload.Telemetry.Uplink;

/// <summary>Outcome of <see cref="CltuDecoder.Decode"/>: how many octets were recovered and what went wrong, if anything.</summary>
public readonly record struct CltuDecodeResult(CltuDecodeStatus Status, int DataLength, int CorrectedCodeblocks, int CodeblockIndex)
{
    public bool IsDecoded => Status == CltuDecodeStatus.Decoded;

    public string Message => Status switch
    {
        CltuDecodeStatus.Decoded => $"CLTU decoded: {DataLength} octets, {CorrectedCodeblocks} codeblocks corrected",
        CltuDecodeStatus.StartSequenceNotFound => "CLTU start sequence 0xEB90 not found at offset 0",
        CltuDecodeStatus.UncorrectableCodeblock => $"CLTU codeblock {CodeblockIndex} is uncorrectable (more than one bit error)",
        CltuDecodeStatus.TailSequenceNotFound => $"CLTU ends after codeblock {CodeblockIndex - 1} without a tail sequence",
        CltuDecodeStatus.Empty => "CLTU holds no codeblock between start and tail sequence",
        CltuDecodeStatus.DestinationTooSmall => $"CLTU codeblock {CodeblockIndex} does not fit the destination",
        _ => Status.ToString(),
    };
}

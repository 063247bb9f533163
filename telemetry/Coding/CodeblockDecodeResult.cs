namespace Payload.Telemetry.Coding;

/// <summary>Outcome of decoding one codeblock: symbols corrected over its codewords and how many codewords failed.</summary>
/// <param name="CorrectedSymbols">Symbol errors corrected, summed over the correctable codewords.</param>
/// <param name="UncorrectableCodewords">Codewords with errors detected but not correctable (left as received).</param>
public readonly record struct CodeblockDecodeResult(int CorrectedSymbols, int UncorrectableCodewords)
{
    /// <summary>True when every codeword was valid or corrected, so the frame can be trusted.</summary>
    public bool IsCorrectable => UncorrectableCodewords == 0;
}

namespace Payload.Telemetry.Cfdp;

/// <summary>Why a PDU could not be read: the field, the value found and what was expected or available.</summary>
internal readonly record struct CfdpPduError(string Field, long Value, long Expected)
{
    public string Message => Field == "DirectiveCode" && Value > 1
        ? $"CFDP PDU field DirectiveCode is 0x{Value:X2}, not one of EOF, Finished, ACK, Metadata, NAK, Prompt, Keep Alive"
        : $"CFDP PDU field {Field} is {Value}, expected {Expected}";
}

namespace Payload.Telemetry.Uplink;

/// <summary>Why a TC frame was rejected: the field, the value found and the value expected.</summary>
public readonly record struct TcFrameError(TcFrameField Field, long Value, long Expected)
{
    public string Message => Field switch
    {
        TcFrameField.None => "no error",
        TcFrameField.PrimaryHeader => $"TC frame truncated: {Value} octets, the primary header needs {Expected}",
        TcFrameField.VersionNumber => $"TC frame version number is {Value}, expected {Expected}",
        TcFrameField.FrameTypeFlags => $"TC frame bypass/control command flags are 0b{Convert.ToString(Value, 2).PadLeft(2, '0')} (control command without bypass is illegal)",
        TcFrameField.Spare => $"TC frame spare bits are {Value}, expected {Expected}",
        TcFrameField.SpacecraftId => $"TC frame spacecraft ID is {Value}, expected {Expected}",
        TcFrameField.FrameLength => $"TC frame length field gives {Value} octets, {Expected} available or allowed",
        TcFrameField.Fecf => $"TC frame FECF is 0x{Value:X4}, computed 0x{Expected:X4}",
        _ => Field.ToString(),
    };
}

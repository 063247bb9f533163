namespace Payload.Inference.Runtime;

/// <summary>Session configuration keys of onnxruntime_session_options_config_keys.h that Payload sets.</summary>
internal static class SessionConfigKeys
{
    public const string IntraOpAllowSpinning = "session.intra_op.allow_spinning";
    public const string InterOpAllowSpinning = "session.inter_op.allow_spinning";

    public const string DisablePrepacking = "session.disable_prepacking";
}

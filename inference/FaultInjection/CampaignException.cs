namespace Payload.Inference.FaultInjection;

/// <summary>A campaign spec, log or tile is unusable; the message names the field and value.</summary>
public sealed class CampaignException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CampaignException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CampaignException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

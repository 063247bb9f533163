namespace Payload.Inference.Packages;

/// <summary>A package failed one check; <see cref="Reason"/> says which, the message names the file or tensor and the values.</summary>
public sealed class PackageRejectedException : Exception
{
    public PackageRejectedException(PackageRejection reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public PackageRejectedException(PackageRejection reason, string message, Exception inner)
        : base(message, inner)
    {
        Reason = reason;
    }

    /// <summary>The check that failed.</summary>
    public PackageRejection Reason { get; }
}

using System.IO.Pipelines;

namespace Payload.Telemetry.Links;

/// <summary>Where the ground reads the raw CADU byte stream from; the frame synchroniser reads <see cref="Reader"/>.</summary>
public interface ICaduSource : IAsyncDisposable
{
    /// <summary>The received bytes, in order, with no framing assumed. Completes at end of stream.</summary>
    PipeReader Reader { get; }
}

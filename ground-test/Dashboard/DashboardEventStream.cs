using System.Text;
using Microsoft.AspNetCore.Http;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// The <c>/events</c> endpoint: a server-sent event stream (WHATWG HTML §9.2) of <see cref="DashboardState"/>: the
/// current state first, then each change. The browser's EventSource reconnects on its own when the stream ends and
/// then gets the whole state again.
/// </summary>
internal static class DashboardEventStream
{
    /// <summary>Milliseconds the browser waits before reconnecting (the SSE <c>retry</c> field).</summary>
    private const int ReconnectMilliseconds = 500;

    public static async Task WriteAsync(HttpContext context, DashboardState state, DashboardMessage commands, CancellationToken stopping)
    {
        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        using CancellationTokenSource both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using DashboardSubscription subscription = state.Subscribe();
        StringBuilder text = new();
        text.Append("retry: ").Append(ReconnectMilliseconds).Append("\n\n");
        Append(text, subscription.Snapshot[0]);
        Append(text, commands);
        foreach (DashboardMessage message in subscription.Snapshot.Skip(1))
        {
            Append(text, message);
        }

        try
        {
            await Flush(response, text, both.Token).ConfigureAwait(false);
            while (await subscription.Changes.WaitToReadAsync(both.Token).ConfigureAwait(false))
            {
                while (subscription.Changes.TryRead(out DashboardMessage message))
                {
                    Append(text, message);
                }

                await Flush(response, text, both.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (both.IsCancellationRequested)
        {
            // The browser went away or the server is stopping: the stream just ends.
        }
    }

    private static void Append(StringBuilder text, DashboardMessage message) =>
        text.Append("event: ").Append(message.Event).Append("\ndata: ").Append(message.Data).Append("\n\n");

    private static async Task Flush(HttpResponse response, StringBuilder text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        text.Clear();
    }
}

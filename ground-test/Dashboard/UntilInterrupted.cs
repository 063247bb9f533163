namespace Payload.GroundTest.Dashboard;

/// <summary>Waits for Ctrl+C (the command line's cancellation) while a dashboard serves.</summary>
internal static class UntilInterrupted
{
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
        {
            await stopped.Task.ConfigureAwait(false);
        }
    }
}

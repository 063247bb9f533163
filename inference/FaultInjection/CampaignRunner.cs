using Payload.Inference.Runtime;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// Runs injections on parallel workers, each with its own <see cref="InjectionRig"/>. Every
/// injection runs on its own thread under a watchdog of <see cref="Campaign.HangTimeout"/>: a
/// run that overstays is recorded as a hang, its rig is left to the stuck thread and the worker
/// carries on with a fresh rig, so a hang never stalls the campaign.
/// </summary>
public static class CampaignRunner
{
    /// <summary>
    /// Runs <paramref name="records"/> on <paramref name="workers"/> workers and calls
    /// <paramref name="completed"/> (from worker threads, one call at a time) with each finished record.
    /// </summary>
    public static void Run(Campaign campaign, IReadOnlyList<InjectionRecord> records, int workers, Action<InjectionRecord> completed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        int next = -1;
        Lock report = new();
        Thread[] threads = new Thread[Math.Min(workers, Math.Max(records.Count, 1))];
        Exception? failure = null;
        for (int w = 0; w < threads.Length; w++)
        {
            threads[w] = new Thread(() =>
            {
                try
                {
                    InjectionRig rig = new(campaign);
                    try
                    {
                        int i;
                        while (!cancellation.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < records.Count)
                        {
                            InjectionRecord done = ExecuteGuarded(campaign, ref rig, records[i]);
                            lock (report)
                            {
                                completed(done);
                            }
                        }
                    }
                    finally
                    {
                        rig.Dispose();
                    }
                }
                catch (Exception e) when (e is CampaignException or OnnxRuntimeException)
                {
                    failure = e;
                }
            })
            {
                Name = $"campaign worker {w}",
                IsBackground = true,
            };
            threads[w].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        if (failure is not null)
        {
            throw new CampaignException($"A campaign worker stopped: {failure.Message}", failure);
        }
    }

    /// <summary>Runs one injection under the watchdog; after a hang <paramref name="rig"/> is replaced by a fresh one.</summary>
    internal static InjectionRecord ExecuteGuarded(Campaign campaign, ref InjectionRig rig, InjectionRecord record)
    {
        if (CampaignPlanner.IsByteTarget(record.Target))
        {
            return ExecuteBytes(campaign, record);
        }

        InjectionRig current = rig;
        try
        {
            current.Prepare(record);
        }
        catch (Exception e) when (e is CampaignException or OnnxRuntimeException or Onnx.OnnxModelException)
        {
            return record with { Outcome = InjectionOutcome.Crash, Detail = $"{e.GetType().Name}: {e.Message}" };
        }

        Task<InjectionResult> run = Task.Factory.StartNew(() => current.Execute(record), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try
        {
            finished = run.Wait(campaign.HangTimeout);
        }
        catch (AggregateException e)
        {
            Exception cause = e.InnerException ?? e;
            return record with { Outcome = InjectionOutcome.Crash, Detail = $"{cause.GetType().Name}: {cause.Message}" };
        }

        if (!finished)
        {
            // The stuck thread still uses the rig: it is released when (if ever) the run returns.
            run.ContinueWith(_ => current.Dispose(), TaskScheduler.Default);
            rig = new InjectionRig(campaign);
            return record with { Outcome = InjectionOutcome.Hang, Detail = $"no result within {campaign.HangTimeout.TotalMilliseconds:F0} ms" };
        }

        InjectionResult result = run.Result;
        float[] output = result.Output;
        GoldenRun golden = campaign.Golden(record.Tile);
        byte[] classes = campaign.Decode(output, golden.OutputShape);
        InjectionOutcome outcome = OutcomeClassifier.Classify(golden.Output, golden.Classes, output, classes, result.Repaired, result.Flagged);
        int changed = 0;
        double max = 0;
        for (int p = 0; p < classes.Length; p++)
        {
            changed += classes[p] != golden.Classes[p] ? 1 : 0;
        }

        for (int e = 0; e < output.Length; e++)
        {
            double deviation = Math.Abs((double)output[e] - golden.Output[e]);
            max = double.IsNaN(deviation) || double.IsNaN(max) ? double.NaN : Math.Max(max, deviation);
        }

        return record with { Outcome = outcome, OutputHash = Campaign.Hash(output), ChangedPixels = changed, MaxAbsDeviation = max };
    }

    // Checkpoint and CADU bytes: no model run, so no watchdog; a failure of the target is a crash.
    private static InjectionRecord ExecuteBytes(Campaign campaign, InjectionRecord record)
    {
        try
        {
            (InjectionOutcome outcome, string? hash) = campaign.ByteTarget(record.Target).Inject(record);
            return record with { Outcome = outcome, OutputHash = hash };
        }
        catch (Exception e) when (e is CampaignException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return record with { Outcome = InjectionOutcome.Crash, Detail = $"{e.GetType().Name}: {e.Message}" };
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Payload.GroundTest.Campaigns;
using Payload.GroundTest.Reports;
using Payload.Inference.FaultInjection;
using Payload.Inference.Onnx;
using Payload.Inference.Runtime;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test campaign</c>: fault-injection campaigns. <c>run</c> executes a spec (or one shard
/// of it) into a JSON-lines log, <c>replay</c> re-runs one injection and traces it node by node,
/// <c>report</c> prints outcome rates with Wilson intervals and writes an HTML report, <c>merge</c>
/// joins shard logs.
/// </summary>
internal static class CampaignCommand
{
    private static readonly InjectionOutcome[] Outcomes = Enum.GetValues<InjectionOutcome>();

    public static Command Create() => new("campaign", "Fault-injection campaigns: run, replay, report, merge.")
    {
        CreateRun(), CreateReplay(), CreateReport(), CreateMerge(),
    };

    private static Command CreateRun()
    {
        Argument<FileInfo> spec = new("spec") { Description = "The campaign spec (JSON)." };
        Option<FileInfo> output = new("--out") { Description = "The log to write (JSON lines).", Required = true };
        Option<int> workers = new("--workers") { Description = "Parallel workers, each with its own sessions and weights.", DefaultValueFactory = _ => Environment.ProcessorCount };
        Option<string?> shard = new("--shard") { Description = "START:END — run only injections START (inclusive) to END (exclusive) of the seeded list." };
        Option<CampaignProtection?> protection = new("--protection") { Description = "Override the spec's protection: none, dmr, tmr, dmr-scrub, range-guards (same injections, another mode)." };
        protection.CustomParser = result => ParseProtection(result.Tokens[0].Value);
        Command command = new("run", "Plan the injections from the spec's seed and run them; writes one JSON line per injection with its outcome.") { spec, output, workers, shard, protection };
        command.SetAction(parse => Guard(parse, () =>
        {
            CampaignSpec loaded = CampaignSpec.Load(parse.GetValue(spec)!.FullName);
            CampaignSpec chosen = parse.GetValue(protection) is { } mode ? loaded.WithProtection(mode) : loaded;
            Campaign campaign = Campaign.Open(chosen, [new CaduFaultTarget(chosen)]);
            IReadOnlyList<InjectionRecord> plan = campaign.Plan();
            (int start, int end) = ParseShard(parse.GetValue(shard), plan.Count);
            int workerCount = parse.GetValue(workers);
            if (workerCount < 1)
            {
                throw new UsageException($"--workers is {workerCount}, expected at least 1");
            }

            string logPath = parse.GetValue(output)!.FullName;
            TextWriter stdout = parse.InvocationConfiguration.Output;
            IAnsiConsole console = OperatorConsole.For(stdout);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(campaign.Spec.Model)}: {campaign.Weights.Count} weight tensors, {campaign.Activations.Count} activations, {campaign.GoldenHashes.Count} tile(s) of {campaign.TileSize}; golden run {campaign.GoldenRunTime.TotalMilliseconds:F1} ms, hang watchdog {campaign.HangTimeout.TotalMilliseconds:F0} ms"));
            RunWithProgress(console, campaign, plan, start, end, workerCount, logPath, OperatorConsole.IsTerminal(stdout));
            console.WriteLine($"wrote {logPath}");
            return 0;
        }));
        return command;
    }

    private static Command CreateReplay()
    {
        Argument<FileInfo> log = new("log") { Description = "A campaign log." };
        Option<int> index = new("--index") { Description = "The injection to replay.", Required = true };
        Command command = new("replay", "Re-run one logged injection bit for bit, compare outcome and output hash with the log, and show its deviation from golden node by node.") { log, index };
        command.SetAction(parse => Guard(parse, () =>
        {
            CampaignLog campaignLog = CampaignLog.Read(parse.GetValue(log)!.FullName);
            int wanted = parse.GetValue(index);
            InjectionRecord logged = campaignLog.Records.FirstOrDefault(r => r.Index == wanted)
                ?? throw new UsageException($"--index {wanted} is not in the log (it holds {campaignLog.Records.Count} records, indices {campaignLog.Records.FirstOrDefault()?.Index}..{campaignLog.Records.LastOrDefault()?.Index})");
            Campaign campaign = Campaign.Open(campaignLog.Spec, [new CaduFaultTarget(campaignLog.Spec)]);
            InjectionRecord replayed = campaign.Replay(logged with { Outcome = null, OutputHash = null, ChangedPixels = null, MaxAbsDeviation = null, Detail = null });
            IAnsiConsole console = OperatorConsole.For(parse.InvocationConfiguration.Output);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"injection {logged.Index}: {logged.Target} '{logged.Tensor}'[{logged.Element}], {logged.Fault} ({FieldName(logged.BitField)}), tile {logged.Tile}"));
            bool same = replayed.Outcome == logged.Outcome && replayed.OutputHash == logged.OutputHash;
            console.WriteLine($"logged:   {OutcomeName(logged.Outcome)} {logged.OutputHash ?? "-"}");
            console.WriteLine($"replayed: {OutcomeName(replayed.Outcome)} {replayed.OutputHash ?? "-"}{(replayed.Detail is null ? "" : " (" + replayed.Detail + ")")}");
            console.WriteLine(same ? "reproduced: yes" : "reproduced: NO");
            if (replayed.Outcome is not (InjectionOutcome.Crash or InjectionOutcome.Hang) && logged.Target is not (FaultTarget.Checkpoint or FaultTarget.Cadu))
            {
                console.Write(TraceTable(campaign.Trace(logged)));
            }

            return same ? 0 : 2;
        }));
        return command;
    }

    private static Command CreateReport()
    {
        Argument<FileInfo[]> logs = new("logs") { Description = "One campaign log, or the shard logs of one campaign.", Arity = ArgumentArity.OneOrMore };
        Option<FileInfo?> html = new("--html") { Description = "Where to write the HTML report (default: beside the first log, .html)." };
        Command command = new("report", "Outcome rates with 95 % Wilson intervals per target and per bit field; writes an HTML report with inline SVG charts.") { logs, html };
        command.SetAction(parse => Guard(parse, () =>
        {
            FileInfo[] files = parse.GetValue(logs)!;
            CampaignLog log = CampaignLog.Merge([.. files.Select(f => CampaignLog.Read(f.FullName))]);
            IReadOnlyList<OutcomeTally> byTarget = OutcomeTally.By(log.Records, r => TargetName(r.Target));
            IReadOnlyList<OutcomeTally> byField = OutcomeTally.By(log.Records, r => FieldName(r.BitField));
            OutcomeTally all = OutcomeTally.By(log.Records, _ => "all").FirstOrDefault() ?? new OutcomeTally("all");
            IAnsiConsole console = OperatorConsole.For(parse.InvocationConfiguration.Output);
            console.WriteLine($"{Path.GetFileName(log.Spec.Model)}, protection {CampaignHtmlReport.ProtectionName(log.Spec.Protection)}, seed {log.Spec.Seed}: {all.Total} of {log.Spec.Injections} injections run");
            console.Write(RateTable("by target", [.. byTarget, all]));
            console.Write(RateTable("by bit field", byField));
            string htmlPath = parse.GetValue(html)?.FullName ?? Path.ChangeExtension(files[0].FullName, ".html");
            CampaignHtmlReport.Write(htmlPath, log, byTarget, byField, all);
            console.WriteLine($"wrote {htmlPath}");
            return 0;
        }));
        return command;
    }

    private static Command CreateMerge()
    {
        Argument<FileInfo[]> logs = new("logs") { Description = "Shard logs of one campaign.", Arity = ArgumentArity.OneOrMore };
        Option<FileInfo> output = new("--out") { Description = "The merged log.", Required = true };
        Command command = new("merge", "Join the shard logs of one campaign into one log, by index; refuses logs of other campaigns or disagreeing records.") { logs, output };
        command.SetAction(parse => Guard(parse, () =>
        {
            CampaignLog merged = CampaignLog.Merge([.. parse.GetValue(logs)!.Select(f => CampaignLog.Read(f.FullName))]);
            string path = parse.GetValue(output)!.FullName;
            merged.Write(path);
            parse.InvocationConfiguration.Output.WriteLine($"merged {merged.Records.Count} of {merged.Spec.Injections} injections into {path}");
            return 0;
        }));
        return command;
    }

    private static void RunWithProgress(IAnsiConsole console, Campaign campaign, IReadOnlyList<InjectionRecord> plan, int start, int end, int workers, string logPath, bool live)
    {
        InjectionRecord[] todo = [.. plan.Skip(start).Take(end - start)];
        OutcomeTally tally = new("all");
        using StreamWriter writer = new(logPath);
        writer.WriteLine(CampaignLog.HeaderLine(campaign.Spec));
        int done = 0;
        int nextPlainReport = 1;
        void Record(InjectionRecord record)
        {
            writer.WriteLine(CampaignLog.RecordLine(record));
            writer.Flush();
            tally.Add(record.Outcome!.Value);
            done++;
        }

        if (live)
        {
            console.Live(Status(tally, done, todo.Length, start, end)).Start(context =>
            {
                CampaignRunner.Run(campaign, todo, workers, record =>
                {
                    Record(record);
                    context.UpdateTarget(Status(tally, done, todo.Length, start, end));
                });
            });
        }
        else
        {
            CampaignRunner.Run(campaign, todo, workers, record =>
            {
                Record(record);
                if (done * 10 >= nextPlainReport * todo.Length)
                {
                    string counts = string.Join(" ", Outcomes.Select(o => OutcomeName(o) + "=" + tally.Count(o).ToString(CultureInfo.InvariantCulture)));
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done}/{todo.Length} {counts}"));
                    nextPlainReport = (done * 10 / todo.Length) + 1;
                }
            });
            console.Write(Status(tally, done, todo.Length, start, end));
        }
    }

    private static IRenderable Status(OutcomeTally tally, int done, int total, int start, int end)
    {
        const int BarWidth = 40;
        int filled = total == 0 ? BarWidth : done * BarWidth / total;
        string bar = new string('█', filled) + new string('░', BarWidth - filled);
        Table table = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"{bar} {done}/{total} (injections {start}..{end - 1})"));
        table.AddColumn("outcome");
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddColumn(new TableColumn("rate").RightAligned());
        table.AddColumn(new TableColumn("95 % Wilson").RightAligned());
        foreach (InjectionOutcome outcome in Outcomes)
        {
            WilsonInterval rate = tally.Rate(outcome);
            table.AddRow(OutcomeName(outcome), tally.Count(outcome).ToString(CultureInfo.InvariantCulture), Percent(rate.Rate), $"[{Percent(rate.Lower)}, {Percent(rate.Upper)}]".Replace("[", "[[", StringComparison.Ordinal).Replace("]", "]]", StringComparison.Ordinal));
        }

        return table;
    }

    private static Table RateTable(string title, IReadOnlyList<OutcomeTally> tallies)
    {
        Table table = new Table().Title($"{title} (count, rate, 95 % Wilson interval)");
        table.AddColumn("group");
        table.AddColumn(new TableColumn("n").RightAligned());
        foreach (InjectionOutcome outcome in Outcomes)
        {
            table.AddColumn(new TableColumn(OutcomeName(outcome)).RightAligned());
        }

        foreach (OutcomeTally tally in tallies)
        {
            List<string> cells = [Markup.Escape(tally.Group), tally.Total.ToString(CultureInfo.InvariantCulture)];
            cells.AddRange(Outcomes.Select(o =>
            {
                WilsonInterval rate = tally.Rate(o);
                return Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{tally.Count(o)} {Percent(rate.Rate)}\n{rate.Lower * 100:F1}-{rate.Upper * 100:F1} %"));
            }));
            table.AddRow([.. cells]);
        }

        return table;
    }

    private static Table TraceTable(IReadOnlyList<LayerDeviation> trace)
    {
        Table table = new Table().Title("deviation from golden, node by node");
        table.AddColumn("node");
        table.AddColumn("op");
        table.AddColumn("tensor");
        table.AddColumn(new TableColumn("changed").RightAligned());
        table.AddColumn(new TableColumn("max |dev|").RightAligned());
        foreach (LayerDeviation layer in trace)
        {
            table.AddRow(
                Markup.Escape(layer.Node), Markup.Escape(layer.OpType), Markup.Escape(layer.Tensor),
                string.Create(CultureInfo.InvariantCulture, $"{layer.ChangedElements}/{layer.Elements}"),
                layer.MaxAbsDeviation.ToString("G4", CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static (int Start, int End) ParseShard(string? text, int count)
    {
        if (text is null)
        {
            return (0, count);
        }

        string[] parts = text.Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int start)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int end)
            || start >= end || end > count)
        {
            throw new UsageException($"--shard '{text}' is not START:END with 0 <= START < END <= {count}");
        }

        return (start, end);
    }

    private static CampaignProtection ParseProtection(string text) => text switch
    {
        "none" => CampaignProtection.None,
        "dmr" => CampaignProtection.Dmr,
        "tmr" => CampaignProtection.Tmr,
        "dmr-scrub" => CampaignProtection.DmrScrub,
        "range-guards" => CampaignProtection.RangeGuards,
        _ => throw new UsageException($"--protection '{text}' is not one of none, dmr, tmr, dmr-scrub, range-guards"),
    };

    private static int Guard(ParseResult parse, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is UsageException or CampaignException or OnnxRuntimeException or OnnxModelException or IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string Percent(double rate) => rate.ToString("P1", CultureInfo.InvariantCulture);

    private static string OutcomeName(InjectionOutcome? outcome) => outcome is { } o ? CampaignHtmlReport.Name(o) : "-";

    private static string TargetName(FaultTarget target) => target.ToString().ToLowerInvariant();

    private static string FieldName(BitField field) => field.ToString().ToLowerInvariant();

    /// <summary>The command line was not usable; the message says what to give instead.</summary>
    private sealed class UsageException(string message) : Exception(message);
}

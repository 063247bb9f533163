using System.Globalization;
using System.Net;
using System.Text;
using Payload.Inference.FaultInjection;

namespace Payload.GroundTest.Reports;

/// <summary>
/// A campaign report as one self-contained HTML page: outcome shares per target and per bit field
/// as stacked bars, and the sdc / critical-sdc rates with their 95 % Wilson intervals, all inline
/// SVG (no scripts, fonts or other external assets).
/// </summary>
internal static class CampaignHtmlReport
{
    private const int ChartWidth = 720;
    private const int LabelWidth = 140;
    private const int RowHeight = 26;

    private static readonly (InjectionOutcome Outcome, string Colour)[] Palette =
    [
        (InjectionOutcome.Masked, "#9ccc65"),
        (InjectionOutcome.Corrected, "#26a69a"),
        (InjectionOutcome.Detected, "#42a5f5"),
        (InjectionOutcome.Sdc, "#ffca28"),
        (InjectionOutcome.CriticalSdc, "#e53935"),
        (InjectionOutcome.Crash, "#6d4c41"),
        (InjectionOutcome.Hang, "#7e57c2"),
    ];

    public static void Write(string path, CampaignLog log, IReadOnlyList<OutcomeTally> byTarget, IReadOnlyList<OutcomeTally> byField, OutcomeTally all)
    {
        StringBuilder html = new();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fault-injection campaign</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Fault-injection campaign</h1>\n<p>Model <code>{Encode(log.Spec.Model)}</code>, protection <b>{ProtectionName(log.Spec.Protection)}</b>, seed {log.Spec.Seed}, {all.Total} of {log.Spec.Injections} injections with an outcome.</p>\n");
        html.Append("<h2>Outcome shares</h2>\n").Append(Legend());
        html.Append("<h3>By target</h3>\n").Append(StackedBars(byTarget));
        html.Append("<h3>By bit field</h3>\n").Append(StackedBars(byField));
        html.Append("<h2>Silent corruption with 95 % Wilson intervals</h2>\n");
        foreach (InjectionOutcome outcome in new[] { InjectionOutcome.Sdc, InjectionOutcome.CriticalSdc })
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{Name(outcome)}</h3>\n").Append(IntervalChart([.. byTarget, .. byField, all], outcome));
        }

        html.Append("<h2>Table</h2>\n").Append(Table([.. byTarget, .. byField, all]));
        html.Append("</body></html>\n");
        File.WriteAllText(path, html.ToString());
    }

    public static string Name(InjectionOutcome outcome) => outcome switch
    {
        InjectionOutcome.CriticalSdc => "critical-sdc",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static string ProtectionName(CampaignProtection protection) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(protection.ToString());

    private static string Legend()
    {
        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"24\">");
        for (int i = 0; i < Palette.Length; i++)
        {
            int x = i * 100;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"4\" width=\"14\" height=\"14\" fill=\"{Palette[i].Colour}\"/><text x=\"{x + 18}\" y=\"16\" font-size=\"12\">{Name(Palette[i].Outcome)}</text>");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string StackedBars(IReadOnlyList<OutcomeTally> tallies)
    {
        int barWidth = ChartWidth - LabelWidth - 10;
        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{(tallies.Count * RowHeight) + 4}\">");
        for (int row = 0; row < tallies.Count; row++)
        {
            OutcomeTally tally = tallies[row];
            int y = row * RowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 16}\" font-size=\"12\">{Encode(tally.Group)} (n={tally.Total})</text>");
            double x = LabelWidth;
            foreach ((InjectionOutcome outcome, string colour) in Palette)
            {
                double width = tally.Total == 0 ? 0 : barWidth * tally.Count(outcome) / (double)tally.Total;
                if (width > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y + 3}\" width=\"{width:F1}\" height=\"{RowHeight - 6}\" fill=\"{colour}\"><title>{Name(outcome)}: {tally.Count(outcome)} ({tally.Rate(outcome).Rate:P1})</title></rect>");
                }

                x += width;
            }
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string IntervalChart(IReadOnlyList<OutcomeTally> tallies, InjectionOutcome outcome)
    {
        int axis = ChartWidth - LabelWidth - 60;
        double top = Math.Max(0.05, tallies.Max(t => t.Rate(outcome).Upper));
        StringBuilder svg = new();
        int height = (tallies.Count * RowHeight) + 24;
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LabelWidth}\" y1=\"{height - 20}\" x2=\"{LabelWidth + axis}\" y2=\"{height - 20}\" stroke=\"#888\"/>");
        for (int tick = 0; tick <= 4; tick++)
        {
            double x = LabelWidth + (axis * tick / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{height - 4}\" font-size=\"10\" text-anchor=\"middle\">{top * tick / 4:P0}</text>");
        }

        for (int row = 0; row < tallies.Count; row++)
        {
            WilsonInterval rate = tallies[row].Rate(outcome);
            int y = (row * RowHeight) + 13;
            double lo = LabelWidth + (axis * rate.Lower / top);
            double hi = LabelWidth + (axis * rate.Upper / top);
            double at = LabelWidth + (axis * rate.Rate / top);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 4}\" font-size=\"12\">{Encode(tallies[row].Group)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<line x1=\"{lo:F1}\" y1=\"{y}\" x2=\"{hi:F1}\" y2=\"{y}\" stroke=\"#333\"/>")
                .Append(CultureInfo.InvariantCulture, $"<line x1=\"{lo:F1}\" y1=\"{y - 5}\" x2=\"{lo:F1}\" y2=\"{y + 5}\" stroke=\"#333\"/><line x1=\"{hi:F1}\" y1=\"{y - 5}\" x2=\"{hi:F1}\" y2=\"{y + 5}\" stroke=\"#333\"/>")
                .Append(CultureInfo.InvariantCulture, $"<circle cx=\"{at:F1}\" cy=\"{y}\" r=\"4\" fill=\"#e53935\"><title>{rate.Rate:P2} [{rate.Lower:P2}, {rate.Upper:P2}]</title></circle>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + axis + 6}\" y=\"{y + 4}\" font-size=\"11\">{rate.Rate:P1}</text>");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string Table(IReadOnlyList<OutcomeTally> tallies)
    {
        StringBuilder table = new("<table><tr><th>group</th><th>n</th>");
        foreach ((InjectionOutcome outcome, _) in Palette)
        {
            table.Append(CultureInfo.InvariantCulture, $"<th>{Name(outcome)}</th>");
        }

        table.Append("</tr>\n");
        foreach (OutcomeTally tally in tallies)
        {
            table.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(tally.Group)}</td><td>{tally.Total}</td>");
            foreach ((InjectionOutcome outcome, _) in Palette)
            {
                WilsonInterval rate = tally.Rate(outcome);
                table.Append(CultureInfo.InvariantCulture, $"<td>{tally.Count(outcome)}<br><small>{rate.Rate:P1} [{rate.Lower:P1}, {rate.Upper:P1}]</small></td>");
            }

            table.Append("</tr>\n");
        }

        return table.Append("</table>\n").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

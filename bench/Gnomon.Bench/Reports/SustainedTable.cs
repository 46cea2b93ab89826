using System.Globalization;
using System.Text;
using Gnomon.Bench.Suite;
using Gnomon.Bench.Systems;

namespace Gnomon.Bench.Reports;

/// <summary>The sustained scenario's Markdown table and its one-line summary, kept apart from the other tables for their size.</summary>
internal static class SustainedTable
{
    public static string Summary(SustainedRun s) => F(
        $"{s.Created:N0}/{s.Requested:N0} jobs in {s.CreateSeconds:0.0} s; {s.Slots.Succeeded:N0}/{s.Expected:N0} slots succeeded ({s.SucceededPerSecond:N0}/s, {Share(s)} of K), not run: {NotRun(s)}, no record {s.Unrecorded:N0}; lag p50 {MarkdownReport.Ms(s.Slots.P50Ms)}, p99 {MarkdownReport.Ms(s.Slots.P99Ms)}, max {MarkdownReport.Ms(s.Slots.MaxMs)}; peak RSS {s.PeakRssMiB:0} MiB");

    public static void Append(StringBuilder md, IReadOnlyList<ChildResult> results)
    {
        var seconds = results.FirstOrDefault(r => r.Sustained is not null)?.Sustained!.WindowSeconds ?? 0;
        md.AppendLine(F($"**Sustained**: K jobs on cron `* * * * * *` running a job that does nothing, for {seconds} s after a warm-up; a slot counts only when its run succeeded, and a slot not run counts as not run."));
        md.AppendLine();
        md.AppendLine("| K | system | jobs created / asked | slots succeeded / expected | of K's slots | succeeded /s | not run, as the system recorded it | not run, no record | lag p50 | p95 | p99 | max | peak RSS |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            if (r.Sustained is not { } s)
            {
                md.AppendLine(F($"| | {r.System} | failed: {MarkdownReport.Cell(r.Error)} | | | | | | | | | | |"));
                continue;
            }

            md.AppendLine(F($"| {s.Requested:N0} | {r.System} | {s.Created:N0} / {s.Requested:N0} | {s.Slots.Succeeded:N0} / {s.Expected:N0} | {Share(s)} | {s.SucceededPerSecond:N0} | {NotRun(s)} | {s.Unrecorded:N0} | {MarkdownReport.Ms(s.Slots.P50Ms)} | {MarkdownReport.Ms(s.Slots.P95Ms)} | {MarkdownReport.Ms(s.Slots.P99Ms)} | {MarkdownReport.Ms(s.Slots.MaxMs)} | {s.PeakRssMiB:0} MiB |"));
        }

        md.AppendLine();
        foreach (var r in results.Where(r => r.Sustained is not null))
        {
            md.Append("- ").AppendLine(F($"{r.System}, K = {r.Sustained!.Requested:N0}: {r.Sustained.Note}{Duplicates(r.Sustained)}"));
        }

        md.AppendLine();
    }

    private static string NotRun(SustainedRun s) => s.Slots.NotRun.Count == 0
        ? "—"
        : string.Join("; ", s.Slots.NotRun.Select(o => F($"{o.Count:N0} {(o.Reason is null ? o.Status : $"{o.Status} ({o.Reason})")}")));

    private static string Share(SustainedRun s) => s.ExpectedOfRequested == 0 ? "—" : F($"{(double)s.Slots.Succeeded / s.ExpectedOfRequested:P1}");

    private static string Duplicates(SustainedRun s) => s.Slots.Duplicates == 0 ? "" : F($"; {s.Slots.Duplicates:N0} slots ran more than once");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using Gnomon.Cli.Output;
using Gnomon.Client.Executions;

namespace Gnomon.Cli.Executions;

/// <summary>How an execution is printed: a row of a list, a line of a watch, or in full with its attempts and output.</summary>
internal static class ExecutionView
{
    public static readonly string[] Headers = ["ID", "JOB", "SCHEDULED", "STATUS", "ATTEMPT", "DURATION", "WORKER", "REASON"];

    public static IReadOnlyList<Cell> Row(Execution e, Printer printer) =>
    [
        e.Id.ToString(),
        e.JobName,
        printer.Time(e.ScheduledAt),
        Describe.Status(e.Status),
        string.Create(CultureInfo.InvariantCulture, $"{e.Attempt}/{e.MaxAttempts}"),
        Describe.Duration(e.DurationMs),
        Describe.Short(e.WorkerId),
        e.Reason ?? e.Error ?? "",
    ];

    public static async Task PrintAsync(Execution e, Printer printer)
    {
        if (printer.IsJson)
        {
            await printer.JsonAsync(e);
            return;
        }

        await printer.FieldsAsync(
        [
            ("id", e.Id.ToString()),
            ("job", $"{e.JobName} ({e.JobId})"),
            ("trigger", Describe.Name(e.Trigger)),
            ("scheduled", printer.Time(e.ScheduledAt)),
            ("status", Describe.Status(e.Status)),
            ("reason", e.Reason ?? "-"),
            ("queue", e.Queue),
            ("attempt", string.Create(CultureInfo.InvariantCulture, $"{e.Attempt} of {e.MaxAttempts}")),
            ("not before", printer.Time(e.NotBefore)),
            ("worker", e.WorkerId?.ToString() ?? "-"),
            ("started", printer.Time(e.StartedAt)),
            ("finished", printer.Time(e.FinishedAt)),
            ("duration", Describe.Duration(e.DurationMs)),
            ("result", e.Result?.GetRawText() ?? "-"),
            ("error", e.Error ?? "-"),
            ("cancel requested", e.CancelRequested ? "yes" : "no"),
        ]);
        if (e.Attempts.Count > 0)
        {
            await printer.LineAsync("");
            await printer.TableAsync(["ATTEMPT", "WORKER", "STARTED", "FINISHED", "STATUS", "ERROR"], e.Attempts.Select(a => (IReadOnlyList<Cell>)
            [
                a.Attempt.ToString(CultureInfo.InvariantCulture),
                Describe.Short(a.WorkerId),
                printer.Time(a.StartedAt),
                printer.Time(a.FinishedAt),
                Describe.Status(a.Status),
                a.Error ?? a.LateReport ?? "",
            ]));
        }

        if (!string.IsNullOrEmpty(e.Output))
        {
            await printer.LineAsync("");
            await printer.LineAsync("output:");
            await printer.LineAsync(e.Output.TrimEnd());
        }
    }
}

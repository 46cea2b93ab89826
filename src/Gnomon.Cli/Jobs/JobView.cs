using System.Globalization;
using Gnomon.Cli.Output;
using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Jobs;

/// <summary>How a job is printed: a row of <c>jobs list</c>, or in full for <c>jobs get</c>.</summary>
internal static class JobView
{
    public static readonly string[] Headers = ["NAME", "SCHEDULE", "QUEUE", "STATE", "NEXT FIRE", "LAST"];

    public static IReadOnlyList<Cell> Row(Job job, Printer printer) =>
    [
        job.Name,
        Describe.Schedule(job.Schedule, printer),
        job.Queue,
        job.Paused ? new Cell("paused", Tone.Muted) : "active",
        printer.Time(job.NextFireAt),
        job.LastExecution is { } last ? new Cell($"{Describe.Name(last.Status)} {printer.Time(last.ScheduledAt)}", Describe.Status(last.Status).Tone) : "-",
    ];

    public static Task PrintAsync(Job job, Printer printer) => printer.IsJson
        ? printer.JsonAsync(job)
        : printer.FieldsAsync(
        [
            ("name", job.Name),
            ("id", job.Id.ToString()),
            ("description", job.Description ?? "-"),
            ("schedule", Describe.Schedule(job.Schedule, printer) + Window(job, printer)),
            ("executor", Describe.Executor(job.Executor)),
            ("queue", job.Queue),
            ("priority", job.Priority.ToString(CultureInfo.InvariantCulture)),
            ("timeout", string.Create(CultureInfo.InvariantCulture, $"{job.TimeoutSeconds} s")),
            ("retry", string.Create(CultureInfo.InvariantCulture, $"{job.Retry.MaxAttempts} {(job.Retry.MaxAttempts == 1 ? "attempt" : "attempts")}, backoff {job.Retry.BackoffSeconds} s ×{job.Retry.BackoffMultiplier} up to {job.Retry.MaxBackoffSeconds} s")),
            ("concurrency", Describe.Name(job.ConcurrencyPolicy)),
            ("misfire", Describe.Name(job.MisfirePolicy)),
            ("state", job.Paused ? new Cell("paused", Tone.Muted) : "active"),
            ("labels", Describe.Labels(job.Labels)),
            ("next fire", printer.Time(job.NextFireAt)),
            ("last execution", job.LastExecution is { } last ? $"{Describe.Name(last.Status)} {printer.Time(last.ScheduledAt)} ({last.Id})" : "-"),
            ("created", printer.Time(job.CreatedAt)),
            ("updated", printer.Time(job.UpdatedAt)),
            ("version", job.Version.ToString(CultureInfo.InvariantCulture)),
        ]);

    private static string Window(Job job, Printer printer) => (job.Schedule.StartAt, job.Schedule.EndAt) switch
    {
        (null, null) => "",
        var (start, end) => $", from {printer.Time(start)} until {printer.Time(end)}",
    };
}

using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Apply;

/// <summary>A definition with every field the server would default filled in as the server fills it, so a file and a stored job compare field by field.</summary>
/// <remarks>The client tests check these against what a real server stores for minimal jobs, so a changed server default fails a test.</remarks>
internal static class JobDefaults
{
    public const string Queue = "default";
    public const int TimeoutSeconds = 300;
    public const double MaxBackoffSeconds = 600;

    public static JobDefinition Complete(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var backoff = job.Retry?.BackoffSeconds ?? 5;
        return job with
        {
            Schedule = job.Schedule with
            {
                TimeZone = job.Schedule.Cron is not null ? job.Schedule.TimeZone ?? "UTC" : job.Schedule.TimeZone,
                RunAt = Milliseconds(job.Schedule.RunAt),
                StartAt = Milliseconds(job.Schedule.StartAt),
                EndAt = Milliseconds(job.Schedule.EndAt),
            },
            Executor = job.Executor switch
            {
                HttpExecutor http => http with { Method = (http.Method ?? "POST").ToUpperInvariant() },
                ShellExecutor shell => shell with { Args = shell.Args ?? [] },
                var other => other,
            },
            Priority = job.Priority ?? 0,
            Queue = job.Queue ?? Queue,
            TimeoutSeconds = job.TimeoutSeconds ?? TimeoutSeconds,
            Retry = new RetryPolicy
            {
                MaxAttempts = job.Retry?.MaxAttempts ?? 1,
                BackoffSeconds = backoff,
                BackoffMultiplier = job.Retry?.BackoffMultiplier ?? 2,
                MaxBackoffSeconds = job.Retry?.MaxBackoffSeconds ?? Math.Max(MaxBackoffSeconds, backoff),
            },
            ConcurrencyPolicy = job.ConcurrencyPolicy ?? ConcurrencyPolicy.Allow,
            MisfirePolicy = job.MisfirePolicy ?? MisfirePolicy.RunOnce,
            Paused = job.Paused ?? false,
            Labels = job.Labels is { Count: > 0 } labels ? labels : null,
        };
    }

    // The server keeps instants to the millisecond.
    private static DateTimeOffset? Milliseconds(DateTimeOffset? instant) =>
        instant is { } i ? new DateTimeOffset(i.UtcTicks - (i.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero) : null;
}

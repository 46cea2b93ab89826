using System.Globalization;
using System.Text.Json;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;
using Gnomon.Dashboard.Components.Shared;

namespace Gnomon.Dashboard.Editing;

/// <summary>The job editor's fields as the browser posts them (text), and the job they stand for.</summary>
/// <remarks>Checking is the API's job: what it refuses comes back keyed by JSON path and is shown beside the field of that path (<see cref="FieldOf"/>).</remarks>
internal sealed class JobForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary><c>cron</c>, <c>interval</c> or <c>once</c>.</summary>
    public string ScheduleKind { get; set; } = "cron";

    public string? Cron { get; set; }

    public string? TimeZone { get; set; }

    public string? IntervalSeconds { get; set; }

    public string? RunAt { get; set; }

    /// <summary><c>handler</c>, <c>http</c> or <c>shell</c>.</summary>
    public string ExecutorType { get; set; } = "handler";

    public string? Handler { get; set; }

    public string? Url { get; set; }

    public string? Method { get; set; }

    public string? Command { get; set; }

    /// <summary>One argument per line.</summary>
    public string? Args { get; set; }

    public string? Queue { get; set; }

    public string? Priority { get; set; }

    public string? TimeoutSeconds { get; set; }

    public string? MaxAttempts { get; set; }

    public string ConcurrencyPolicy { get; set; } = "allow";

    public string MisfirePolicy { get; set; } = "runOnce";

    public string? Payload { get; set; }

    public static JobForm From(Job job) => new()
    {
        Name = job.Name,
        Description = job.Description,
        ScheduleKind = job.Schedule.Cron is not null ? "cron" : job.Schedule.IntervalSeconds is not null ? "interval" : "once",
        Cron = job.Schedule.Cron,
        TimeZone = job.Schedule.TimeZone,
        IntervalSeconds = job.Schedule.IntervalSeconds?.ToString(CultureInfo.InvariantCulture),
        RunAt = job.Schedule.RunAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ExecutorType = job.Executor switch { HttpExecutor => "http", ShellExecutor => "shell", _ => "handler" },
        Handler = (job.Executor as HandlerExecutor)?.Handler,
        Url = (job.Executor as HttpExecutor)?.Url,
        Method = (job.Executor as HttpExecutor)?.Method,
        Command = (job.Executor as ShellExecutor)?.Command,
        Args = job.Executor is ShellExecutor { Args: { } args } ? string.Join('\n', args) : null,
        Queue = job.Queue,
        Priority = job.Priority.ToString(CultureInfo.InvariantCulture),
        TimeoutSeconds = job.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        MaxAttempts = job.Retry.MaxAttempts?.ToString(CultureInfo.InvariantCulture),
        ConcurrencyPolicy = ApiNames.Of(job.ConcurrencyPolicy),
        MisfirePolicy = ApiNames.Of(job.MisfirePolicy),
        Payload = job.Payload?.GetRawText(),
    };

    /// <summary>The schedule the fields describe (for the preview as well as the job).</summary>
    public Schedule ToSchedule(Dictionary<string, string> errors) => ScheduleKind switch
    {
        "interval" => new Schedule { IntervalSeconds = Number(IntervalSeconds, "schedule.intervalSeconds", errors) },
        "once" => new Schedule { RunAt = Instant(RunAt, "schedule.runAt", errors) },
        _ => new Schedule { Cron = Cron ?? "", TimeZone = Blank(TimeZone) },
    };

    /// <summary>The job; fields that are not even numbers or JSON are put in <paramref name="errors"/> by their JSON path, as the API would.</summary>
    public JobDefinition ToDefinition(Dictionary<string, string> errors, Job? current)
    {
        var definition = new JobDefinition
        {
            Name = Name?.Trim() ?? "",
            Description = Blank(Description),
            Schedule = ToSchedule(errors),
            Executor = ExecutorType switch
            {
                "http" => new HttpExecutor { Url = Url ?? "", Method = Blank(Method) },
                "shell" => new ShellExecutor { Command = Command ?? "", Args = Args?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => new HandlerExecutor { Handler = Handler ?? "" },
            },
            Payload = Json(Payload, "payload", errors),
            Queue = Blank(Queue),
            Priority = Number(Priority, "priority", errors),
            TimeoutSeconds = Number(TimeoutSeconds, "timeoutSeconds", errors),
            Retry = current?.Retry is { } retry
                ? retry with { MaxAttempts = Number(MaxAttempts, "retry.maxAttempts", errors) }
                : new RetryPolicy { MaxAttempts = Number(MaxAttempts, "retry.maxAttempts", errors) },
            ConcurrencyPolicy = Enum.TryParse<Client.Jobs.ConcurrencyPolicy>(ConcurrencyPolicy, ignoreCase: true, out var c) ? c : null,
            MisfirePolicy = Enum.TryParse<Client.Jobs.MisfirePolicy>(MisfirePolicy, ignoreCase: true, out var m) ? m : null,
            // Editing never pauses or resumes: the buttons do that.
            Paused = current?.Paused,
            Labels = current?.Labels is { Count: > 0 } labels ? labels : null,
        };
        return definition;
    }

    /// <summary>The editor field a JSON path of the API's <c>errors</c> belongs to; null when none shows it.</summary>
    public static string? FieldOf(string path) => path switch
    {
        "name" => nameof(Name),
        "description" => nameof(Description),
        "schedule" or "schedule.cron" => nameof(Cron),
        "schedule.timeZone" => nameof(TimeZone),
        "schedule.intervalSeconds" => nameof(IntervalSeconds),
        "schedule.runAt" => nameof(RunAt),
        "executor.handler" => nameof(Handler),
        "executor.url" => nameof(Url),
        "executor.method" => nameof(Method),
        "executor.command" => nameof(Command),
        "executor.type" => nameof(ExecutorType),
        _ when path.StartsWith("executor.args", StringComparison.Ordinal) => nameof(Args),
        "queue" => nameof(Queue),
        "priority" => nameof(Priority),
        "timeoutSeconds" => nameof(TimeoutSeconds),
        _ when path.StartsWith("retry", StringComparison.Ordinal) => nameof(MaxAttempts),
        _ when path.StartsWith("payload", StringComparison.Ordinal) => nameof(Payload),
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? Number(string? text, string path, Dictionary<string, string> errors)
    {
        if (Blank(text) is not { } value)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        errors[path] = "must be a whole number";
        return null;
    }

    private static DateTimeOffset? Instant(string? text, string path, Dictionary<string, string> errors)
    {
        if (Blank(text) is not { } value)
        {
            errors[path] = "is required for a one-off schedule";
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors[path] = "must be an instant such as 2026-12-24T18:00:00Z";
        return null;
    }

    private static JsonElement? Json(string? text, string path, Dictionary<string, string> errors)
    {
        if (Blank(text) is not { } value)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors[path] = "is not JSON: " + ex.Message;
            return null;
        }
    }
}

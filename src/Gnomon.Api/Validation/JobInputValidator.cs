using System.Text.Json;
using Gnomon.Api.Contracts;
using Gnomon.Api.Json;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Validation;

/// <summary>Turns a <see cref="JobInput"/> into a <see cref="JobDefinition"/>, or reports every field that is wrong.</summary>
/// <remarks>All errors are collected, not just the first, so a client fixes its document in one round trip.</remarks>
internal static class JobInputValidator
{
    public const int MaxPayloadBytes = 256 * 1024;
    public const int MaxUrlLength = 2048;
    public const int MaxHandlerLength = 200;
    public const double DefaultBackoffSeconds = 5;
    public const double DefaultBackoffMultiplier = 2.0;
    public const double MaxBackoffMultiplier = 10;
    public const double DefaultMaxBackoffSeconds = 600;
    public const int DefaultTimeoutSeconds = 300;

    public const string ShellDisabledMessage =
        "shell jobs are disabled; start the server with Executors:Shell:Enabled=true (env Executors__Shell__Enabled=true) to allow them";

    private static readonly string[] HttpMethodNames = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] HttpFields = ["url", "method", "headers", "body", "successStatusCodes"];
    private static readonly string[] ShellFields = ["command", "args", "env", "workingDirectory"];
    private static readonly string[] HandlerFields = ["handler"];

    public static JobValidationResult Validate(JobInput? input, JobValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<FieldError>();
        if (input is null)
        {
            errors.Add(new FieldError("", "a JSON body is required"));
            return JobValidationResult.Invalid(errors);
        }

        var name = ValidateName(input.Name, context.NameFromPath, errors);

        if (input.Description is { Length: > JobLimits.MaxDescriptionLength })
        {
            errors.Add(new FieldError("description", $"must be at most {JobLimits.MaxDescriptionLength} characters"));
        }

        var schedule = ScheduleInputValidator.Validate(input.Schedule, "schedule", context.Anchor, context.Now, errors);
        var executor = ValidateExecutor(input.Executor, context.ShellEnabled, errors);

        if (input.Payload is { } payload && JsonSerializer.SerializeToUtf8Bytes(payload, GnomonJson.Options).Length > MaxPayloadBytes)
        {
            errors.Add(new FieldError("payload", $"must be at most {MaxPayloadBytes / 1024} KiB when serialized"));
        }

        var priority = input.Priority ?? 0;
        if (priority is < JobLimits.MinPriority or > JobLimits.MaxPriority)
        {
            errors.Add(new FieldError("priority", $"must be between {JobLimits.MinPriority} and {JobLimits.MaxPriority}"));
        }

        var queue = input.Queue ?? JobLimits.DefaultQueue;
        CheckNameLike(queue, "queue", JobLimits.MaxQueueLength, errors);

        var timeoutSeconds = input.TimeoutSeconds ?? DefaultTimeoutSeconds;
        if (timeoutSeconds is < 1 or > JobLimits.MaxTimeoutSeconds)
        {
            errors.Add(new FieldError("timeoutSeconds", $"must be between 1 and {JobLimits.MaxTimeoutSeconds}"));
        }

        var retry = ValidateRetry(input.Retry, errors);
        LabelsValidator.Validate(input.Labels, errors);

        if (input.ConcurrencyPolicy is { } concurrency && !Enum.IsDefined(concurrency))
        {
            errors.Add(new FieldError("concurrencyPolicy", "must be one of allow, forbid, replace"));
        }

        if (input.MisfirePolicy is { } misfire && !Enum.IsDefined(misfire))
        {
            errors.Add(new FieldError("misfirePolicy", "must be one of runOnce, skip, runAll"));
        }

        if (errors.Count > 0 || name is null || schedule is null || executor is null || retry is null)
        {
            return JobValidationResult.Invalid(errors);
        }

        return JobValidationResult.Valid(new JobDefinition
        {
            Name = name,
            Description = input.Description,
            Schedule = schedule.Value.Spec,
            Executor = executor,
            Payload = input.Payload,
            Priority = priority,
            Queue = queue,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            Retry = retry,
            ConcurrencyPolicy = input.ConcurrencyPolicy ?? ConcurrencyPolicy.Allow,
            MisfirePolicy = input.MisfirePolicy ?? MisfirePolicy.RunOnce,
            Paused = input.Paused ?? false,
            Labels = LabelsValidator.ToDomain(input.Labels),
        }, schedule.Value.Schedule);
    }

    private static string? ValidateName(string? bodyName, string? pathName, List<FieldError> errors)
    {
        if (bodyName is not null && pathName is not null && !string.Equals(bodyName, pathName, StringComparison.Ordinal))
        {
            errors.Add(new FieldError("name", $"'{Shorten(bodyName)}' does not match the name in the path ('{Shorten(pathName)}'); leave it out or make them equal"));
            return null;
        }

        var name = bodyName ?? pathName;
        if (name is null)
        {
            errors.Add(new FieldError("name", "is required"));
            return null;
        }

        if (!CheckNameLike(name, "name", JobLimits.MaxNameLength, errors))
        {
            return null;
        }

        if (JobLimits.IsDotSegment(name))
        {
            errors.Add(new FieldError("name", $"must not be '{name}': a URL path segment of '.' or '..' is resolved away, so /api/v1/jobs/{name} could never reach the job"));
            return null;
        }

        if (Guid.TryParse(name, out _))
        {
            errors.Add(new FieldError("name", "must not be a UUID: paths accept a job's id or its name, so names never look like ids"));
            return null;
        }

        return name;
    }

    /// <summary>Checks the <c>[A-Za-z0-9._-]{1,max}</c> alphabet shared by names, queues and handlers.</summary>
    private static bool CheckNameLike(string value, string path, int maxLength, List<FieldError> errors)
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            errors.Add(new FieldError(path, $"must be 1 to {maxLength} characters"));
            return false;
        }

        if (!JobLimits.IsNameLike(value))
        {
            errors.Add(new FieldError(path, "may contain only letters, digits, '.', '_' and '-'"));
            return false;
        }

        return true;
    }

    private static ExecutorSpec? ValidateExecutor(ExecutorInput? input, bool shellEnabled, List<FieldError> errors)
    {
        if (input is null)
        {
            errors.Add(new FieldError("executor", "is required"));
            return null;
        }

        var before = errors.Count;
        string[] allowed;
        switch (input.Type)
        {
            case null:
                errors.Add(new FieldError("executor.type", "is required: http, shell or handler"));
                return null;
            case HttpExecutorSpec.TypeName:
                allowed = HttpFields;
                break;
            case ShellExecutorSpec.TypeName:
                allowed = ShellFields;
                if (!shellEnabled)
                {
                    errors.Add(new FieldError("executor.type", ShellDisabledMessage));
                }

                break;
            case HandlerExecutorSpec.TypeName:
                allowed = HandlerFields;
                break;
            default:
                errors.Add(new FieldError("executor.type", $"'{Shorten(input.Type)}' is not one of http, shell, handler"));
                return null;
        }

        foreach (var (field, present) in PresentFields(input))
        {
            if (present && !allowed.Contains(field))
            {
                errors.Add(new FieldError("executor." + field, $"not a field of {input.Type} executors"));
            }
        }

        ExecutorSpec? spec = input.Type switch
        {
            HttpExecutorSpec.TypeName => ValidateHttp(input, errors),
            ShellExecutorSpec.TypeName => ValidateShell(input, errors),
            _ => ValidateHandler(input, errors),
        };
        return errors.Count > before ? null : spec;
    }

    private static IEnumerable<(string Field, bool Present)> PresentFields(ExecutorInput input)
    {
        yield return ("url", input.Url is not null);
        yield return ("method", input.Method is not null);
        yield return ("headers", input.Headers is not null);
        yield return ("body", input.Body is not null);
        yield return ("successStatusCodes", input.SuccessStatusCodes is not null);
        yield return ("command", input.Command is not null);
        yield return ("args", input.Args is not null);
        yield return ("env", input.Env is not null);
        yield return ("workingDirectory", input.WorkingDirectory is not null);
        yield return ("handler", input.Handler is not null);
    }

    private static HttpExecutorSpec? ValidateHttp(ExecutorInput input, List<FieldError> errors)
    {
        Uri? url = null;
        if (input.Url is null)
        {
            errors.Add(new FieldError("executor.url", "is required for http executors"));
        }
        else if (input.Url.Length > MaxUrlLength)
        {
            errors.Add(new FieldError("executor.url", $"must be at most {MaxUrlLength} characters"));
        }
        else if (!Uri.TryCreate(input.Url, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(new FieldError("executor.url", "must be an absolute http or https URL"));
            url = null;
        }

        var method = "POST";
        if (input.Method is not null)
        {
            method = input.Method.ToUpperInvariant();
            if (!HttpMethodNames.Contains(method))
            {
                errors.Add(new FieldError("executor.method", $"must be one of {string.Join(", ", HttpMethodNames)}"));
            }
        }

        if (input.Headers is not null)
        {
            foreach (var (headerName, value) in input.Headers)
            {
                if (!IsToken(headerName))
                {
                    errors.Add(new FieldError("executor.headers", $"'{Shorten(headerName)}' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)"));
                }
                else if (value is null)
                {
                    errors.Add(new FieldError(JsonPaths.Combine("executor.headers", headerName), "must be a string"));
                }
                else if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                {
                    errors.Add(new FieldError(JsonPaths.Combine("executor.headers", headerName), "must not contain line breaks or NUL"));
                }
            }
        }

        if (input.SuccessStatusCodes is not null)
        {
            for (var i = 0; i < input.SuccessStatusCodes.Count; i++)
            {
                if (input.SuccessStatusCodes[i] is < 100 or > 599)
                {
                    errors.Add(new FieldError(JsonPaths.Index("executor.successStatusCodes", i), "must be an HTTP status between 100 and 599"));
                }
            }
        }

        return url is null ? null : new HttpExecutorSpec
        {
            Url = url,
            Method = method,
            Headers = input.Headers,
            Body = input.Body,
            SuccessStatusCodes = input.SuccessStatusCodes,
        };
    }

    private static ShellExecutorSpec? ValidateShell(ExecutorInput input, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(input.Command))
        {
            errors.Add(new FieldError("executor.command", "is required for shell executors"));
        }

        if (input.Args is not null)
        {
            for (var i = 0; i < input.Args.Count; i++)
            {
                if (input.Args[i] is null)
                {
                    errors.Add(new FieldError(JsonPaths.Index("executor.args", i), "must be a string"));
                }
            }
        }

        if (input.Env is not null)
        {
            foreach (var (variable, value) in input.Env)
            {
                if (variable.Length == 0 || variable.AsSpan().IndexOfAny('=', '\0') >= 0)
                {
                    errors.Add(new FieldError("executor.env", $"'{Shorten(variable)}' is not a valid variable name (non-empty, without '=')"));
                }
                else if (value is null)
                {
                    errors.Add(new FieldError(JsonPaths.Combine("executor.env", variable), "must be a string"));
                }
            }
        }

        if (input.WorkingDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            errors.Add(new FieldError("executor.workingDirectory", "must not be empty; leave it out for the worker's own"));
        }

        return string.IsNullOrWhiteSpace(input.Command) ? null : new ShellExecutorSpec
        {
            Command = input.Command,
            Args = input.Args ?? [],
            Env = input.Env,
            WorkingDirectory = input.WorkingDirectory,
        };
    }

    private static HandlerExecutorSpec? ValidateHandler(ExecutorInput input, List<FieldError> errors)
    {
        if (input.Handler is null)
        {
            errors.Add(new FieldError("executor.handler", "is required for handler executors"));
            return null;
        }

        return CheckNameLike(input.Handler, "executor.handler", MaxHandlerLength, errors)
            ? new HandlerExecutorSpec { Handler = input.Handler }
            : null;
    }

    private static RetryPolicy? ValidateRetry(RetryInput? input, List<FieldError> errors)
    {
        var before = errors.Count;
        var maxAttempts = input?.MaxAttempts ?? 1;
        if (maxAttempts is < 1 or > JobLimits.MaxAttempts)
        {
            errors.Add(new FieldError("retry.maxAttempts", $"must be between 1 and {JobLimits.MaxAttempts}"));
        }

        var backoff = input?.BackoffSeconds ?? DefaultBackoffSeconds;
        var backoffValid = backoff is >= 0 and <= JobLimits.MaxBackoffSeconds;
        if (!backoffValid)
        {
            errors.Add(new FieldError("retry.backoffSeconds", $"must be between 0 and {JobLimits.MaxBackoffSeconds}"));
        }

        var multiplier = input?.BackoffMultiplier ?? DefaultBackoffMultiplier;
        if (multiplier is < 1 or > MaxBackoffMultiplier || double.IsNaN(multiplier))
        {
            errors.Add(new FieldError("retry.backoffMultiplier", $"must be between 1 and {MaxBackoffMultiplier}"));
        }

        // An explicit large backoff without a cap raises the default cap rather than failing on a field the client never wrote.
        var maxBackoff = input?.MaxBackoffSeconds ?? Math.Max(DefaultMaxBackoffSeconds, backoffValid ? backoff : 0);
        if (maxBackoff is < 0 or > JobLimits.MaxBackoffSeconds || double.IsNaN(maxBackoff))
        {
            errors.Add(new FieldError("retry.maxBackoffSeconds", $"must be between 0 and {JobLimits.MaxBackoffSeconds}"));
        }
        else if (backoffValid && maxBackoff < backoff)
        {
            errors.Add(new FieldError("retry.maxBackoffSeconds", "must be at least backoffSeconds"));
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new RetryPolicy(maxAttempts, ToDuration(backoff), multiplier, ToDuration(maxBackoff));
    }

    /// <summary>Seconds to a duration at the millisecond precision the API shows.</summary>
    private static TimeSpan ToDuration(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));

    /// <summary>RFC 9110 token: the alphabet of header names.</summary>
    private static bool IsToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gnomon.Api.Contracts;
using Gnomon.Api.Http;
using Gnomon.Api.Json;
using Gnomon.Api.Validation;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Gnomon.Api.Jobs;

/// <summary>The <c>/api/v1/jobs</c> endpoints.</summary>
public static class JobsApi
{
    private const int MaxNextFires = 100;
    private const int DefaultNextFires = 10;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/v1/jobs").WithTags("Jobs");
        jobs.MapPost("", CreateJob).WithName("CreateJob").WithSummary("Create a job")
            .Accepts<JobInput>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        // Only POST: GET, PUT, PATCH and DELETE on /jobs/batch still reach the job named "batch" through /{job}.
        jobs.MapPost("/batch", CreateJobs).WithName("CreateJobs").WithSummary("Create up to 1,000 jobs at once, all or nothing")
            .WithDescription("Answers 201 with every job created, in the order sent; with the request header `Prefer: return=minimal`, 201 with no body and `Preference-Applied: return=minimal`.")
            .Accepts<JobBatchInput>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        jobs.MapGet("", ListJobs).WithName("ListJobs").WithSummary("List jobs, newest first")
            .ProducesValidationProblem();
        jobs.MapGet("/{job}", GetJob).WithName("GetJob").WithSummary("Get a job by id or name")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPut("/{job}", UpsertJob).WithName("UpsertJob").WithSummary("Create or replace a job by id or name")
            .Accepts<JobInput>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        jobs.MapPatch("/{job}", PatchJob).WithName("PatchJob").WithSummary("Change a job with a JSON merge patch")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        jobs.MapDelete("/{job}", DeleteJob).WithName("DeleteJob").WithSummary("Delete a job; pending executions are cancelled, history kept")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        jobs.MapPost("/{job}/pause", PauseJob).WithName("PauseJob").WithSummary("Stop firing").ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/{job}/resume", ResumeJob).WithName("ResumeJob").WithSummary("Restart firing from now").ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/{job}/trigger", TriggerJob).WithName("TriggerJob").WithSummary("Run now, outside the schedule")
            .Accepts<TriggerInput>("application/json").ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{job}/next-fires", NextFires).WithName("GetNextFires").WithSummary("The next N fire instants (N ≤ 100)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static ProblemHttpResult JobNotFound(string job) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found", detail: $"No job has the id or name '{Shorten(job)}'.");

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static async Task<Results<Created<JobResponse>, ProblemHttpResult>> CreateJob(HttpRequest request, JobCommands commands, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<JobInput>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        var validation = JobInputValidator.Validate(body.Value, commands.Context(time.GetUtcNow()));
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var result = await commands.CreateAsync(Guid.CreateVersion7(), validation, cancellationToken);
        return result.Status == JobWriteStatus.DuplicateName
            ? DuplicateName(validation.Definition.Name)
            : CreatedWithETag(request.HttpContext.Response, result.Job!);
    }

    private static async Task<Results<Created<JobBatchResponse>, MinimalCreated, ProblemHttpResult>> CreateJobs(HttpRequest request, JobCommands commands, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<JobBatchInput>(request, options.Value.MaxBatchBodyBytes, JobBatchValidator.JobsPath, cancellationToken);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        var validation = JobBatchValidator.Validate(body.Value, commands.Context(time.GetUtcNow()));
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var definitions = validation.Definitions;
        var repeated = JobBatchValidator.RepeatedNames(definitions);
        if (repeated.Count > 0)
        {
            return NameConflict(
                "Job names repeat within the batch",
                "Every job of a batch needs its own name; errors lists the jobs that share one. Nothing was created.",
                repeated);
        }

        var result = await commands.CreateManyAsync(validation.Jobs, cancellationToken);
        if (!result.Succeeded)
        {
            var taken = result.Conflicting.Select(i => definitions[i].Name).ToList();
            return NameConflict(
                "Job names already exist",
                $"The names {NameList(taken.Select(n => $"'{Shorten(n)}'"))} are taken. Nothing was created; use PUT /api/v1/jobs/{{name}} to replace a job.",
                [.. result.Conflicting.Select(i => new FieldError(JobBatchValidator.NamePath(i), "is already used by another job"))]);
        }

        if (PreferHeader.WantsMinimal(request))
        {
            // A loader that named its jobs can address them by name; it need not read a thousand of them back.
            return MinimalCreated.Instance;
        }

        return TypedResults.Created((string?)null, new JobBatchResponse { Items = [.. result.Created.Select(JobResponse.From)] });
    }

    private static async Task<Results<Ok<ListResponse<JobResponse>>, ProblemHttpResult>> ListJobs([AsParameters] JobListQuery parameters, JobStore store, CancellationToken cancellationToken)
    {
        var query = new QueryReader();
        var filter = new JobListFilter(
            query.Bool(parameters.Paused, "paused"),
            query.Text(parameters.Queue, "queue", JobLimits.MaxQueueLength),
            query.Text(parameters.Q, "q", JobLimits.MaxNameLength),
            query.Limit(parameters) + 1,
            query.Cursor(parameters),
            query.Labels(parameters.Label, "label"));
        if (query.Errors.Count > 0)
        {
            return ProblemResults.Validation(query.Errors);
        }

        var rows = await store.ListAsync(filter, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, filter.Limit - 1, j => j.Id, JobResponse.From));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJob(string job, HttpContext context, JobStore store, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync(job, cancellationToken);
        if (found is null)
        {
            return JobNotFound(job);
        }

        context.Response.Headers.ETag = ETags.For(found.Version);
        return TypedResults.Ok(JobResponse.From(found));
    }

    private static async Task<Results<Created<JobResponse>, Ok<JobResponse>, ProblemHttpResult>> UpsertJob(
        string job, HttpRequest request, JobCommands commands, JobStore store, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(request, out var ifMatch))
        {
            return BadIfMatch();
        }

        var body = await JsonBodyReader.ReadAsync<JobInput>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        var byId = Guid.TryParse(job, out var id);
        var nameFromPath = byId ? null : job;
        if (!byId && (job.Length is 0 or > JobLimits.MaxNameLength || !JobLimits.IsNameLike(job)))
        {
            return ProblemResults.Validation([new FieldError("name", $"the name in the path must be 1–{JobLimits.MaxNameLength} characters of [A-Za-z0-9._-]")]);
        }

        // Two attempts: a concurrent PUT may create the job between our read and our insert.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var existing = await store.FindAsync(job, cancellationToken);
            if (existing is null ? ifMatch.Present : !ifMatch.Allows(existing.Version))
            {
                return PreconditionFailed();
            }

            // The version checked here is checked again by the write itself, so a change in between is a 412 too.
            int? expected = ifMatch.Present && !ifMatch.Any ? existing!.Version : null;

            var validation = JobInputValidator.Validate(body.Value, commands.Context(existing?.CreatedAt ?? time.GetUtcNow(), nameFromPath));
            if (!validation.IsValid)
            {
                return validation.ToProblem();
            }

            var definition = validation.Definition!;
            if (existing is null)
            {
                var created = await commands.CreateAsync(byId ? id : Guid.CreateVersion7(), validation, cancellationToken);
                if (created.Status == JobWriteStatus.DuplicateName && !byId)
                {
                    continue;
                }

                return created.Status == JobWriteStatus.DuplicateName ? DuplicateName(definition.Name) : CreatedWithETag(request.HttpContext.Response, created.Job!);
            }

            var replaced = await commands.ReplaceAsync(existing, validation, expected, cancellationToken);
            return replaced.Status switch
            {
                JobWriteStatus.Replaced => ReplacedWithETag(request.HttpContext.Response, replaced.Job!),
                JobWriteStatus.DuplicateName => DuplicateName(definition.Name),
                JobWriteStatus.VersionMismatch => PreconditionFailed(),
                _ => JobNotFound(job),
            };
        }

        return DuplicateName(job);
    }

    /// <summary>
    /// A patch that turns a cron schedule into an interval or run-at one drops the cron's time zone unless it sets
    /// one itself: the zone was shown with the job, not chosen for the new kind, and would otherwise be rejected.
    /// </summary>
    private static void DropZoneOfReplacedCron(JsonNode? merged, JsonObject patch)
    {
        if (merged?["schedule"] is JsonObject schedule
            && schedule["cron"] is null
            && !(patch["schedule"] is JsonObject patchedSchedule && patchedSchedule.ContainsKey("timeZone")))
        {
            schedule.Remove("timeZone");
        }
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> PatchJob(
        string job, HttpRequest request, JobCommands commands, JobStore store, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(request, out var ifMatch))
        {
            return BadIfMatch();
        }

        var body = await JsonBodyReader.ReadAsync<JsonNode>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        if (body.Value is not JsonObject patch)
        {
            return ProblemResults.Validation([new FieldError("", "a merge patch must be a JSON object")]);
        }

        var existing = await store.FindAsync(job, cancellationToken);
        if (existing is null)
        {
            return JobNotFound(job);
        }

        if (!ifMatch.Allows(existing.Version))
        {
            return PreconditionFailed();
        }

        var document = JsonSerializer.SerializeToNode(JobResponse.From(existing), GnomonJson.Options);
        var merged = JsonMergePatch.Apply(document, patch);
        DropZoneOfReplacedCron(merged, patch);
        var bound = JsonBodyReader.Bind<JobInput>(merged);
        if (!bound.Succeeded)
        {
            return bound.ToProblem();
        }

        var validation = JobInputValidator.Validate(bound.Value, commands.Context(existing.CreatedAt));
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var replaced = await commands.ReplaceAsync(existing, validation, existing.Version, cancellationToken);
        return replaced.Status switch
        {
            JobWriteStatus.Replaced => ReplacedWithETag(request.HttpContext.Response, replaced.Job!),
            JobWriteStatus.DuplicateName => DuplicateName(validation.Definition!.Name),
            JobWriteStatus.VersionMismatch => PreconditionFailed(),
            _ => JobNotFound(job),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteJob(string job, HttpRequest request, JobStore store, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(request, out var ifMatch))
        {
            return BadIfMatch();
        }

        var existing = await store.FindAsync(job, cancellationToken);
        if (existing is null)
        {
            return JobNotFound(job);
        }

        if (!ifMatch.Allows(existing.Version))
        {
            return PreconditionFailed();
        }

        return await store.DeleteAsync(existing.Id, cancellationToken) ? TypedResults.NoContent() : JobNotFound(job);
    }

    private static Task<Results<Ok<JobResponse>, ProblemHttpResult>> PauseJob(string job, HttpContext context, JobStore store, JobCommands commands, CancellationToken cancellationToken) =>
        SetPausedAsync(job, paused: true, context, store, commands, cancellationToken);

    private static Task<Results<Ok<JobResponse>, ProblemHttpResult>> ResumeJob(string job, HttpContext context, JobStore store, JobCommands commands, CancellationToken cancellationToken) =>
        SetPausedAsync(job, paused: false, context, store, commands, cancellationToken);

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> SetPausedAsync(string job, bool paused, HttpContext context, JobStore store, JobCommands commands, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(job, cancellationToken);
        if (existing is null)
        {
            return JobNotFound(job);
        }

        var changed = existing.Definition.Paused == paused ? existing : await commands.SetPausedAsync(existing, paused, cancellationToken);
        if (changed is null)
        {
            return JobNotFound(job);
        }

        context.Response.Headers.ETag = ETags.For(changed.Version);
        return TypedResults.Ok(JobResponse.From(changed));
    }

    private static async Task<Results<Accepted<ExecutionResponse>, ProblemHttpResult>> TriggerJob(
        string job, HttpRequest request, JobStore store, ExecutionStore executions, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadOptionalAsync<TriggerInput>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        if (body.Value!.Payload is { } payload && payload.GetRawText().Length > JobInputValidator.MaxPayloadBytes)
        {
            return ProblemResults.Validation([new FieldError("payload", $"must be at most {JobInputValidator.MaxPayloadBytes} bytes of JSON")]);
        }

        var existing = await store.FindAsync(job, cancellationToken);
        if (existing is null)
        {
            return JobNotFound(job);
        }

        var execution = await executions.TriggerAsync(existing, body.Value.Payload, cancellationToken);
        return TypedResults.Accepted($"/api/v1/executions/{execution.Id}", ExecutionResponse.From(execution));
    }

    private static async Task<Results<Ok<FiresResponse>, ProblemHttpResult>> NextFires(
        string job,
        [FromQuery(Name = "count"), Range(1, MaxNextFires), QueryDefault(DefaultNextFires), Description("How many fires.")] QueryParameter<int>? count,
        JobStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var query = new QueryReader();
        var n = query.Int(count, "count", 1, MaxNextFires, DefaultNextFires);
        if (query.Errors.Count > 0)
        {
            return ProblemResults.Validation(query.Errors);
        }

        var existing = await store.FindAsync(job, cancellationToken);
        if (existing is null)
        {
            return JobNotFound(job);
        }

        if (existing.Definition.Paused)
        {
            return TypedResults.Ok(new FiresResponse { Fires = [] });
        }

        var schedule = ScheduleCompiler.TryCompile(existing.Definition.Schedule, existing.CreatedAt, new List<FieldError>());
        // NextFireAt already counts slots written ahead; without one, the schedule is asked from now.
        var from = existing.NextFireAt ?? time.GetUtcNow();
        var fires = schedule is RunAtSchedule ? (existing.NextFireAt is { } at ? [at] : []) : schedule?.Upcoming(from, n) ?? [];
        return TypedResults.Ok(new FiresResponse { Fires = fires });
    }

    private static Created<JobResponse> CreatedWithETag(HttpResponse response, Job job)
    {
        response.Headers.ETag = ETags.For(job.Version);
        return TypedResults.Created($"/api/v1/jobs/{job.Id}", JobResponse.From(job));
    }

    private static Ok<JobResponse> ReplacedWithETag(HttpResponse response, Job job)
    {
        response.Headers.ETag = ETags.For(job.Version);
        return TypedResults.Ok(JobResponse.From(job));
    }

    private static ProblemHttpResult DuplicateName(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "A job with this name already exists",
        detail: $"The name '{Shorten(name)}' is taken; use PUT /api/v1/jobs/{Shorten(name)} to replace that job.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["name"] = ["is already used by another job"] } });

    private static ProblemHttpResult NameConflict(string title, string detail, IReadOnlyList<FieldError> errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: title,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["errors"] = ProblemResults.ToDictionary(errors) });

    /// <summary>The first few of <paramref name="items"/> for a problem's detail; the errors object has them all.</summary>
    private static string NameList(IEnumerable<string> items)
    {
        var list = items.ToList();
        var shown = string.Join(", ", list.Take(10));
        return list.Count > 10 ? $"{shown} and {list.Count - 10} more" : shown;
    }

    private static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "Precondition failed",
        detail: "The job changed since the version named in If-Match (or does not exist); read it again and retry.");

    private static ProblemHttpResult BadIfMatch() => ProblemResults.Validation(
        [new FieldError("If-Match", "must be a list of entity tags as returned in ETag (for example \"3\"), or *")], "The If-Match header is invalid.");
}

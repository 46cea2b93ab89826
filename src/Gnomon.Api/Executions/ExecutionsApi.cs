using Gnomon.Api.Contracts;
using Gnomon.Api.Http;
using Gnomon.Api.Jobs;
using Gnomon.Api.Validation;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Gnomon.Api.Executions;

/// <summary>The <c>/api/v1/executions</c> endpoints and a job's executions.</summary>
public static class ExecutionsApi
{
    private static readonly Dictionary<string, ExecutionStatus[]> StatusNames = new(StringComparer.Ordinal)
    {
        ["pending"] = [ExecutionStatus.Pending, ExecutionStatus.Claimed],
        ["running"] = [ExecutionStatus.Running],
        ["succeeded"] = [ExecutionStatus.Succeeded],
        ["failed"] = [ExecutionStatus.Failed],
        ["timedOut"] = [ExecutionStatus.TimedOut],
        ["cancelled"] = [ExecutionStatus.Cancelled],
        ["skipped"] = [ExecutionStatus.Skipped],
    };

    public static IEndpointRouteBuilder MapExecutionsApi(this IEndpointRouteBuilder routes)
    {
        var executions = routes.MapGroup("/api/v1/executions").WithTags("Executions");
        executions.MapGet("", ListExecutions).WithName("ListExecutions").WithSummary("List executions, newest first")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        executions.MapGet("/{id}", GetExecution).WithName("GetExecution").WithSummary("One execution with all its attempts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        executions.MapPost("/{id}/cancel", CancelExecution).WithName("CancelExecution")
            .WithSummary("Cancel: a pending execution at once, a running one by stopping its work")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        routes.MapGet("/api/v1/jobs/{job}/executions", ListJobExecutions).WithTags("Jobs", "Executions").WithName("ListJobExecutions")
            .WithSummary("A job's executions, newest first").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static Task<Results<Ok<ListResponse<ExecutionResponse>>, ProblemHttpResult>> ListExecutions([AsParameters] ExecutionListQuery query, JobStore jobs, ExecutionStore store, CancellationToken cancellationToken) =>
        ListAsync(query.JobId, "jobId", query, jobs, store, cancellationToken);

    private static Task<Results<Ok<ListResponse<ExecutionResponse>>, ProblemHttpResult>> ListJobExecutions(string job, [AsParameters] ExecutionQuery query, JobStore jobs, ExecutionStore store, CancellationToken cancellationToken) =>
        ListAsync(job, null, query, jobs, store, cancellationToken);

    private static async Task<Results<Ok<ListResponse<ExecutionResponse>>, ProblemHttpResult>> ListAsync(
        string? job, string? jobParameter, ExecutionQuery parameters, JobStore jobs, ExecutionStore store, CancellationToken cancellationToken)
    {
        var query = new QueryReader();
        var statuses = ParseStatuses(parameters.Status, query.Errors);
        var filterFrom = query.Instant(parameters.From, "from");
        var filterTo = query.Instant(parameters.To, "to");
        var filterQueue = query.Text(parameters.Queue, "queue", JobLimits.MaxQueueLength);
        var pageSize = query.Limit(parameters);
        var after = query.Cursor(parameters);
        if (query.Errors.Count > 0)
        {
            return ProblemResults.Validation(query.Errors);
        }

        Guid? jobId = null;
        if (job is not null)
        {
            // An id lists history even after the job was deleted; a name must resolve to a job that exists.
            if (Guid.TryParse(job, out var id) && jobParameter is not null)
            {
                jobId = id;
            }
            else
            {
                var found = await jobs.FindAsync(job, cancellationToken);
                if (found is null)
                {
                    return JobsApi.JobNotFound(job);
                }

                jobId = found.Id;
            }
        }

        var rows = await store.ListAsync(new ExecutionListFilter(jobId, statuses, filterFrom, filterTo, filterQueue, pageSize + 1, after), cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, pageSize, e => e.Id, e => ExecutionResponse.From(e)));
    }

    private static List<ExecutionStatus>? ParseStatuses(string[]? values, List<FieldError> errors)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var statuses = new List<ExecutionStatus>();
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (StatusNames.TryGetValue(value, out var mapped))
            {
                statuses.AddRange(mapped);
            }
            else
            {
                errors.Add(new FieldError("status", $"'{JobsApi.Shorten(value)}' is not one of {string.Join(", ", StatusNames.Keys)}"));
            }
        }

        return statuses;
    }

    private static async Task<Results<Ok<ExecutionResponse>, ProblemHttpResult>> GetExecution(string id, ExecutionStore store, CancellationToken cancellationToken)
    {
        var execution = Guid.TryParse(id, out var guid) ? await store.GetAsync(guid, cancellationToken) : null;
        return execution is null ? ExecutionNotFound(id) : TypedResults.Ok(ExecutionResponse.From(execution));
    }

    private static async Task<Results<Accepted<ExecutionResponse>, ProblemHttpResult>> CancelExecution(string id, ExecutionStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return ExecutionNotFound(id);
        }

        var (outcome, execution) = await store.CancelAsync(guid, "cancelled through the API", cancellationToken);
        return outcome switch
        {
            CancelOutcome.NotFound => ExecutionNotFound(id),
            CancelOutcome.AlreadyFinished => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Execution already finished",
                detail: $"The execution ended as {execution!.Status.ToString().ToLowerInvariant()}; only pending or running executions can be cancelled."),
            _ => TypedResults.Accepted($"/api/v1/executions/{guid}", ExecutionResponse.From(execution!)),
        };
    }

    private static ProblemHttpResult ExecutionNotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Execution not found", detail: $"No execution has the id '{JobsApi.Shorten(id)}'.");
}

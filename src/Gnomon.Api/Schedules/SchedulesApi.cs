using Gnomon.Api.Contracts;
using Gnomon.Api.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Gnomon.Api.Schedules;

/// <summary>The schedule preview: validate a schedule and see when it would fire, before creating a job.</summary>
public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/schedules/preview", Preview).WithTags("Schedules").WithName("PreviewSchedule")
            .WithSummary("Validate a schedule and return its next fires")
            .Accepts<SchedulePreviewInput>("application/json").ProducesValidationProblem();
        return routes;
    }

    private static async Task<Results<Ok<FiresResponse>, ProblemHttpResult>> Preview(HttpRequest request, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync<SchedulePreviewInput>(request, options.Value.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return body.ToProblem();
        }

        var result = SchedulePreviewValidator.Validate(body.Value, time.GetUtcNow());
        return result.IsValid ? TypedResults.Ok(new FiresResponse { Fires = result.Fires! }) : result.ToProblem();
    }
}

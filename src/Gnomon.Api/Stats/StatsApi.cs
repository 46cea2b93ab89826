using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Gnomon.Api.Contracts;
using Gnomon.Api.Http;
using Gnomon.Api.Validation;
using Gnomon.Domain.Stats;
using Gnomon.Store.Scheduling;
using Gnomon.Store.Stats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Gnomon.Api.Stats;

/// <summary><c>GET /api/v1/stats</c>: the cluster's minute-by-minute counts, for the dashboard's overview and for scripts.</summary>
public static class StatsApi
{
    /// <summary>A day: what <see cref="StatsFlushService.Retention"/> keeps.</summary>
    private const int MaxMinutes = 1440;
    private const int DefaultMinutes = 60;

    /// <summary>Where the count of due executions stops: about 3 ms of index walk, affordable on every poll.</summary>
    private const int BacklogCountLimit = 10_000;

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/stats", GetStats).WithTags("Stats").WithName("GetStats")
            .WithSummary("Attempts by outcome, fire lag percentiles, skipped slots and backlog, minute by minute")
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<Results<Ok<StatsResponse>, ProblemHttpResult>> GetStats(
        [FromQuery(Name = "minutes"), Range(1, MaxMinutes), QueryDefault(DefaultMinutes), Description("How many minutes back from now, the current one included.")]
        QueryParameter<int>? minutes,
        StatsStore stats,
        BacklogStore backlog,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var query = new QueryReader();
        var count = query.Int(minutes, "minutes", 1, MaxMinutes, DefaultMinutes);
        if (query.Errors.Count > 0)
        {
            return ProblemResults.Validation(query.Errors);
        }

        var now = time.GetUtcNow();
        var current = MinuteStats.MinuteOf(now);
        var from = current.AddMinutes(1 - count);
        var read = (await stats.ReadAsync(from, current.AddMinutes(1), cancellationToken)).ToDictionary(m => m.Minute);
        var due = await backlog.CountDueAsync(BacklogCountLimit, cancellationToken);
        var rows = new List<StatsMinuteResponse>(count);
        for (var at = from; at <= current; at = at.AddMinutes(1))
        {
            var seconds = at == current ? Math.Max(1, (int)Math.Ceiling((now - at).TotalSeconds)) : 60;
            rows.Add(ToResponse(read.GetValueOrDefault(at) ?? new MinuteStats(at), seconds));
        }

        return TypedResults.Ok(new StatsResponse
        {
            From = from,
            To = now,
            Minutes = rows,
            Backlog = new BacklogResponse { Due = due, CountedUpTo = BacklogCountLimit },
        });
    }

    private static StatsMinuteResponse ToResponse(MinuteStats m, int seconds)
    {
        var started = m.Lag.Sum();
        return new()
        {
            At = m.Minute,
            Seconds = seconds,
            Succeeded = m.Succeeded,
            Failed = m.Failed,
            TimedOut = m.TimedOut,
            Cancelled = m.Cancelled,
            Retrying = m.Retrying,
            Skipped = m.Skipped,
            Started = started,
            LagMs = started == 0 ? null : new LagResponse { P50 = Percentile(m, 0.5), P95 = Percentile(m, 0.95), P99 = Percentile(m, 0.99) },
            Backlog = m.Backlog,
        };
    }

    private static double Percentile(MinuteStats m, double quantile) => LagHistogram.Percentile(m.Lag, quantile) ?? 0;
}

namespace Gnomon.Api.Contracts;

/// <summary>What the cluster did, minute by minute, and how many due executions wait now: <c>GET /api/v1/stats</c>.</summary>
public sealed record StatsResponse
{
    /// <summary>The start of the first minute.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Now, the end of the last (current, partial) minute.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Every minute from <see cref="From"/> on, oldest first, minutes with nothing counted included as zeros.</summary>
    public required IReadOnlyList<StatsMinuteResponse> Minutes { get; init; }

    /// <summary>Pending executions already due and waiting for a worker, now.</summary>
    public required BacklogResponse Backlog { get; init; }
}

/// <summary>One minute, every node added up.</summary>
public sealed record StatsMinuteResponse
{
    /// <summary>The minute's start.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The seconds of the minute that have passed: 60, except for the current minute.</summary>
    public required int Seconds { get; init; }

    public required long Succeeded { get; init; }

    /// <summary>Attempts that failed with no attempt left.</summary>
    public required long Failed { get; init; }

    /// <summary>Attempts that timed out with no attempt left.</summary>
    public required long TimedOut { get; init; }

    public required long Cancelled { get; init; }

    /// <summary>Attempts that failed or timed out and will be tried again.</summary>
    public required long Retrying { get; init; }

    /// <summary>Slots written as skipped misfires (the system was too far behind, or no scheduler held the job).</summary>
    public required long Skipped { get; init; }

    /// <summary>Executions whose first attempt started in the minute.</summary>
    public required long Started { get; init; }

    /// <summary>Fire lag percentiles (a first attempt's start minus its due instant) of the minute's starts; null when none started.</summary>
    public required LagResponse? LagMs { get; init; }

    /// <summary>The largest backlog a master measured in the minute (counted up to its Scheduler:MaxBacklog); null when none did.</summary>
    public required int? Backlog { get; init; }
}

/// <summary>
/// Fire lag percentiles in milliseconds, each the upper bound of the histogram bucket it falls in
/// (1, 2, 5, 10, 20, 50, 100, 200, 500 ms, 1, 2, 5, 10, 30, 60, 300 s, 1 h): never better than the truth.
/// </summary>
public sealed record LagResponse
{
    public required double P50 { get; init; }

    public required double P95 { get; init; }

    public required double P99 { get; init; }
}

/// <summary>Due executions waiting for a worker, counted up to <see cref="CountedUpTo"/>.</summary>
public sealed record BacklogResponse
{
    /// <summary>How many; equal to <see cref="CountedUpTo"/> when there are that many or more.</summary>
    public required int Due { get; init; }

    /// <summary>The count stops here: the walk of the due index is bounded so a huge backlog costs no more to show.</summary>
    public required int CountedUpTo { get; init; }
}

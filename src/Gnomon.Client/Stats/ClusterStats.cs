namespace Gnomon.Client.Stats;

/// <summary>What the cluster did, minute by minute, and the due executions waiting now (<c>GET /api/v1/stats</c>).</summary>
public sealed record ClusterStats
{
    /// <summary>The start of the first minute.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>When the server answered: the end of the last, partial minute.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Every minute from <see cref="From"/> on, oldest first, empty minutes included.</summary>
    public IReadOnlyList<StatsMinute> Minutes { get; init; } = [];

    /// <summary>Due executions waiting for a worker now.</summary>
    public required Backlog Backlog { get; init; }
}

/// <summary>One minute, every node added up.</summary>
public sealed record StatsMinute
{
    /// <summary>The minute's start.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The seconds of the minute that have passed: 60 except for the current minute.</summary>
    public int Seconds { get; init; }

    /// <summary>Attempts that succeeded.</summary>
    public long Succeeded { get; init; }

    /// <summary>Attempts that failed with no attempt left.</summary>
    public long Failed { get; init; }

    /// <summary>Attempts that timed out with no attempt left.</summary>
    public long TimedOut { get; init; }

    /// <summary>Attempts cancelled.</summary>
    public long Cancelled { get; init; }

    /// <summary>Attempts that failed or timed out and will be tried again.</summary>
    public long Retrying { get; init; }

    /// <summary>Slots written as skipped misfires.</summary>
    public long Skipped { get; init; }

    /// <summary>Executions whose first attempt started in the minute.</summary>
    public long Started { get; init; }

    /// <summary>Fire lag percentiles in milliseconds (a first attempt's start minus its due instant); null when none started.</summary>
    public LagPercentiles? LagMs { get; init; }

    /// <summary>The largest backlog a master measured in the minute; null when none did.</summary>
    public int? Backlog { get; init; }

    /// <summary>Attempts that ended, whatever their outcome.</summary>
    public long Ended => Succeeded + Failed + TimedOut + Cancelled + Retrying;
}

/// <summary>Fire lag percentiles in milliseconds, each the upper bound of its histogram bucket.</summary>
public sealed record LagPercentiles
{
    /// <summary>The median.</summary>
    public double P50 { get; init; }

    /// <summary>The 95th percentile.</summary>
    public double P95 { get; init; }

    /// <summary>The 99th percentile.</summary>
    public double P99 { get; init; }
}

/// <summary>Due executions waiting for a worker, counted up to <see cref="CountedUpTo"/>.</summary>
public sealed record Backlog
{
    /// <summary>How many; equal to <see cref="CountedUpTo"/> when there are that many or more.</summary>
    public int Due { get; init; }

    /// <summary>Where the server's count stops.</summary>
    public int CountedUpTo { get; init; }
}

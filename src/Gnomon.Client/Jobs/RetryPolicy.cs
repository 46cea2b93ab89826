namespace Gnomon.Client.Jobs;

/// <summary>How often and how soon a failed attempt is tried again; a field left null takes the server's default.</summary>
public sealed record RetryPolicy
{
    /// <summary>Total attempts including the first, 1–100 (default 1: no retry).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Delay before the second attempt, in seconds (default 5).</summary>
    public double? BackoffSeconds { get; init; }

    /// <summary>Growth of the delay per attempt, 1–10 (default 2).</summary>
    public double? BackoffMultiplier { get; init; }

    /// <summary>Cap of the delay, in seconds (default 600).</summary>
    public double? MaxBackoffSeconds { get; init; }
}

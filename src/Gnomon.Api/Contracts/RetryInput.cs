namespace Gnomon.Api.Contracts;

/// <summary>A retry policy as written by a client; absent fields take their defaults.</summary>
public sealed record RetryInput
{
    /// <summary>Total attempts including the first, 1–100; default 1 (no retry).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Delay before the second attempt, 0–86400; default 5.</summary>
    public double? BackoffSeconds { get; init; }

    /// <summary>Growth of the delay per attempt, 1–10; default 2.</summary>
    public double? BackoffMultiplier { get; init; }

    /// <summary>Cap of the delay, from <see cref="BackoffSeconds"/> to 86400; default 600 (or the backoff, if larger).</summary>
    public double? MaxBackoffSeconds { get; init; }
}

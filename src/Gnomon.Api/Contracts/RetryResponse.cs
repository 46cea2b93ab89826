using Gnomon.Domain.Retries;

namespace Gnomon.Api.Contracts;

/// <summary>A job's retry policy as the API shows it, durations in seconds.</summary>
public sealed record RetryResponse
{
    public required int MaxAttempts { get; init; }

    public required double BackoffSeconds { get; init; }

    public required double BackoffMultiplier { get; init; }

    public required double MaxBackoffSeconds { get; init; }

    public static RetryResponse From(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new()
        {
            MaxAttempts = policy.MaxAttempts,
            BackoffSeconds = policy.Backoff.TotalSeconds,
            BackoffMultiplier = policy.Multiplier,
            MaxBackoffSeconds = policy.MaxBackoff.TotalSeconds,
        };
    }
}

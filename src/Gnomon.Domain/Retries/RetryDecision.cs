using Gnomon.Domain.Executions;

namespace Gnomon.Domain.Retries;

/// <summary>What follows an attempt that ended: another attempt after a delay, or the end of the execution and why.</summary>
/// <param name="RetryAfter">When set, the execution goes back to pending and its next attempt may start after this delay.</param>
/// <param name="Reason">Why the execution ended as it did, when that is worth saying (all attempts used up); null otherwise.</param>
public sealed record RetryDecision(TimeSpan? RetryAfter, string? Reason)
{
    /// <summary>Nothing follows and nothing needs saying: the attempt's own status is the execution's.</summary>
    public static RetryDecision Final { get; } = new(null, null);

    /// <summary>Decides what follows attempt <paramref name="attempt"/> (1-based) of an execution under <paramref name="policy"/>.</summary>
    /// <remarks>Only a failure or a timeout is retried: a cancelled attempt was stopped on purpose, and a success is done.</remarks>
    /// <param name="jitterSample">A uniform sample in [0, 1) that spreads the delay (see <see cref="RetryPolicy.DelayBefore"/>).</param>
    public static RetryDecision After(RetryPolicy policy, ExecutionStatus status, int attempt, double jitterSample)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (status is not (ExecutionStatus.Failed or ExecutionStatus.TimedOut))
        {
            return Final;
        }

        if (policy.HasAttemptAfter(attempt))
        {
            return new RetryDecision(policy.DelayBefore(attempt + 1, jitterSample), null);
        }

        return status == ExecutionStatus.Failed && attempt > 1 ? new RetryDecision(null, $"failed after {attempt} attempts") : Final;
    }
}

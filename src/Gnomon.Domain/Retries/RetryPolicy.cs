namespace Gnomon.Domain.Retries;

/// <summary>How often and how late a failed or timed-out attempt is tried again.</summary>
/// <param name="MaxAttempts">Total attempts including the first; 1 means no retry.</param>
/// <param name="Backoff">Delay before the second attempt.</param>
/// <param name="Multiplier">Growth of the delay per further attempt.</param>
/// <param name="MaxBackoff">Cap of the delay.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Backoff, double Multiplier, TimeSpan MaxBackoff)
{
    /// <summary>The share of the delay that is randomised either way, so retries of many executions spread out.</summary>
    public const double JitterRatio = 0.2;

    public static RetryPolicy Default { get; } = new(1, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromSeconds(600));

    /// <summary>Whether an attempt numbered <paramref name="attempt"/> (1-based) that failed may be followed by another.</summary>
    public bool HasAttemptAfter(int attempt) => attempt < MaxAttempts;

    /// <summary>
    /// The delay before attempt <paramref name="nextAttempt"/> (2 for the first retry):
    /// <c>min(MaxBackoff, Backoff × Multiplier^(nextAttempt−2))</c>, then spread by ±<see cref="JitterRatio"/>
    /// and capped again so the cap is never exceeded.
    /// </summary>
    /// <param name="nextAttempt">The attempt about to be scheduled, 2 or more.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1); 0.5 means no jitter.</param>
    public TimeSpan DelayBefore(int nextAttempt, double jitterSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextAttempt, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitterSample, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitterSample, 1.0);

        var exponent = nextAttempt - 2;
        var raw = Backoff.TotalMilliseconds * Math.Pow(Multiplier, exponent);
        var capped = Math.Min(raw, MaxBackoff.TotalMilliseconds);
        var jittered = capped * (1 + JitterRatio * ((jitterSample * 2) - 1));
        var final = Math.Clamp(jittered, 0, MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Round(final));
    }
}

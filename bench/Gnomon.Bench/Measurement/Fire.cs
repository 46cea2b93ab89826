namespace Gnomon.Bench.Measurement;

/// <summary>One start of a job's code: job index, nominal instant, and when the code began.</summary>
internal readonly record struct Fire(int Job, DateTimeOffset Nominal, DateTimeOffset Started)
{
    public double LagMs => (Started - Nominal).TotalMilliseconds;
}

namespace Gnomon.Bench.Suite;

/// <summary>Everything one suite run measured, in the order it ran.</summary>
internal sealed class SuiteResults(SuiteSize size, string machine, DateTimeOffset startedAt)
{
    public SuiteSize Size { get; } = size;

    public string Machine { get; } = machine;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public double? PgbenchTps { get; set; }

    public List<ChildResult> Precision { get; } = [];

    public List<ChildResult> Sustained { get; } = [];

    public List<ChildResult> Throughput { get; } = [];

    public List<ChildResult> Scale { get; } = [];

    public ClusterResults? Cluster { get; set; }
}

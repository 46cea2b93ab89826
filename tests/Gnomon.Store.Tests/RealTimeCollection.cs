namespace Gnomon.Store.Tests;

/// <summary>Tests whose behaviour runs on the real clock (scheduler and worker loops): run alone, so a busy machine does not starve them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "Real time";
}

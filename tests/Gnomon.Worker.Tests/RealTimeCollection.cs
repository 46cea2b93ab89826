namespace Gnomon.Worker.Tests;

/// <summary>Tests whose behaviour runs on the real clock (the worker's loops): run alone, so a busy machine does not starve them.</summary>
/// <remarks>xunit finds collection definitions only in the test assembly, so each project with such tests declares its own.</remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "Real time";
}

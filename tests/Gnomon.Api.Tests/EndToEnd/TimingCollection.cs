namespace Gnomon.Api.Tests.EndToEnd;

/// <summary>Tests that measure lateness run alone, so the other test classes do not compete for the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}

namespace Gnomon.Cli.Apply;

/// <summary>What <c>apply</c> does (or, with <c>--dry-run</c>, would do) to one job.</summary>
internal enum ApplyAction
{
    Created,
    Configured,
    Unchanged,
    Pruned,
}

namespace Gnomon.EmbeddedPostgres;

/// <summary>Whether a directory lets the PostgreSQL account pass, and what the launcher may do if not.</summary>
internal enum TraversalDecision
{
    /// <summary>The account can already enter it.</summary>
    Traversable,

    /// <summary>Root owns it: add <c>o+x</c>.</summary>
    AddOtherExecute,

    /// <summary>Someone else owns it: report, change nothing.</summary>
    Blocked,
}

namespace Gnomon.Cli.Output;

/// <summary>How results are printed: <c>-o table</c> (for people, the default) or <c>-o json</c> (for scripts).</summary>
internal enum OutputFormat
{
    Table,
    Json,
}

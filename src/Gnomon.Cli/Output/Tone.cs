namespace Gnomon.Cli.Output;

/// <summary>The colour a cell is printed in on a terminal (and nowhere else).</summary>
internal enum Tone
{
    Plain,
    Good,
    Bad,
    Busy,
    Muted,
}

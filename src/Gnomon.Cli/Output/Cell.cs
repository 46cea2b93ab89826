namespace Gnomon.Cli.Output;

/// <summary>One cell of a table: its text and the colour it gets on a terminal.</summary>
internal readonly record struct Cell(string Text, Tone Tone = Tone.Plain)
{
    public static implicit operator Cell(string? text) => new(text ?? "");
}

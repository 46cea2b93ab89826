namespace Gnomon.Cli.Apply;

/// <summary>One field that differs between a stored job and its file: its JSON path, and the two values as compact JSON (null: absent).</summary>
internal sealed record FieldChange(string Field, string? From, string? To);

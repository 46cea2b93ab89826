namespace Gnomon.Cli.Apply;

/// <summary>One job's part of an apply: what was done and, for a change, which fields.</summary>
internal sealed record ApplyStep(string Name, ApplyAction Action, IReadOnlyList<FieldChange> Changes, string? Source);

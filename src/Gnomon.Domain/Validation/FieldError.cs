namespace Gnomon.Domain.Validation;

/// <summary>One thing wrong with one field of an input, keyed by its JSON path (for example <c>schedule.cron</c>).</summary>
public sealed record FieldError(string Field, string Message);

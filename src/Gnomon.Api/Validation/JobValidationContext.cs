namespace Gnomon.Api.Validation;

/// <summary>What a job is validated against besides its own fields.</summary>
internal sealed record JobValidationContext
{
    /// <summary>The current instant; a cron schedule must fire after it.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Where an interval schedule without <c>startAt</c> counts from: the job's creation (now for a new job, the stored <c>createdAt</c> on replace).</summary>
    public required DateTimeOffset Anchor { get; init; }

    /// <summary>Whether shell executors are allowed (<c>Executors:Shell:Enabled</c>).</summary>
    public required bool ShellEnabled { get; init; }

    /// <summary>For <c>PUT /jobs/{name}</c>: the body's name must match it or be absent, and is then taken from it.</summary>
    public string? NameFromPath { get; init; }
}

using System.Text.Json;

namespace Gnomon.Client.Executions;

/// <summary>One try of an execution on one worker.</summary>
public sealed record ExecutionAttempt
{
    /// <summary>The attempt number, from 1.</summary>
    public int Attempt { get; init; }

    /// <summary>The worker that ran it.</summary>
    public Guid? WorkerId { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it finished, if it has.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Its state.</summary>
    public ExecutionStatus Status { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The executor's result, such as <c>{"httpStatus":200}</c>.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>The start of its output.</summary>
    public string? Output { get; init; }

    /// <summary>What its worker reported after the attempt had been closed without it.</summary>
    public string? LateReport { get; init; }
}

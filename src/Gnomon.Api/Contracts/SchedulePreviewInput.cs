namespace Gnomon.Api.Contracts;

/// <summary>The body of <c>POST /api/v1/schedules/preview</c>.</summary>
public sealed record SchedulePreviewInput
{
    public ScheduleInput? Schedule { get; init; }

    /// <summary>How many fires to return, 1–100; default 10.</summary>
    public int? Count { get; init; }
}

namespace Gnomon.Api.Contracts;

/// <summary>The body of <c>POST /api/v1/jobs/batch</c>: <c>{"jobs":[…]}</c>, each job exactly as <c>POST /api/v1/jobs</c> takes it.</summary>
public sealed record JobBatchInput
{
    /// <summary>1 to <see cref="Validation.JobBatchValidator.MaxJobs"/> jobs, created all or nothing.</summary>
    public IReadOnlyList<JobInput?>? Jobs { get; init; }
}

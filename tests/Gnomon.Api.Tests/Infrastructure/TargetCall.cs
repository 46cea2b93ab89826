namespace Gnomon.Api.Tests.Infrastructure;

/// <summary>One request received by a <see cref="TargetServer"/>.</summary>
public sealed class TargetCall(string method, string path, DateTimeOffset arrivedAt)
{
    public string Method { get; } = method;

    public string Path { get; } = path;

    public DateTimeOffset ArrivedAt { get; } = arrivedAt;

    public string? Body { get; set; }

    /// <summary>The status answered, or null while in flight or when aborted.</summary>
    public int? Status { get; private set; }

    /// <summary>True when the client went away before the answer was written.</summary>
    public bool Aborted { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    internal void Complete(int status, DateTimeOffset at)
    {
        Status = status;
        EndedAt = at;
    }

    internal void Abort(DateTimeOffset at)
    {
        Aborted = true;
        EndedAt = at;
    }

    public override string ToString() => $"{Method} {Path} at {ArrivedAt:HH:mm:ss.fff} status={Status} aborted={Aborted}";
}

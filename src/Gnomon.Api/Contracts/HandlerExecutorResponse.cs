namespace Gnomon.Api.Contracts;

/// <summary><c>{"type":"handler","handler":…}</c></summary>
public sealed record HandlerExecutorResponse : ExecutorResponse
{
    public required string Handler { get; init; }
}

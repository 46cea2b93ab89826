namespace Gnomon.Api.Contracts;

/// <summary><c>{"type":"shell","command":…,"args":[…],"env":{…},"workingDirectory":…}</c></summary>
public sealed record ShellExecutorResponse : ExecutorResponse
{
    public required string Command { get; init; }

    public required IReadOnlyList<string> Args { get; init; }

    public required IReadOnlyDictionary<string, string>? Env { get; init; }

    public required string? WorkingDirectory { get; init; }
}

namespace Gnomon.Client.Jobs;

/// <summary>Which jobs a list returns; null fields do not filter.</summary>
public sealed record JobFilter
{
    /// <summary>Only paused (true) or only active (false) jobs.</summary>
    public bool? Paused { get; init; }

    /// <summary>Only jobs of this queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Only jobs whose name contains this text.</summary>
    public string? NameContains { get; init; }

    /// <summary>Only jobs that carry every one of these labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

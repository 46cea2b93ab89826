namespace Gnomon.Domain.Jobs;

/// <summary>The bounds every job field is checked against.</summary>
public static class JobLimits
{
    public const string DefaultQueue = "default";
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxQueueLength = 100;
    public const int MinPriority = -100;
    public const int MaxPriority = 100;
    public const int MaxTimeoutSeconds = 7 * 24 * 3600;
    public const int MaxAttempts = 100;
    public const int MaxBackoffSeconds = 24 * 3600;

    /// <summary>The fixed number of partitions jobs hash into; masters lease partitions, never single jobs.</summary>
    public const int PartitionCount = 64;

    /// <summary>Whether <paramref name="name"/> uses only <c>[A-Za-z0-9._-]</c>, the alphabet of names and queues.</summary>
    public static bool IsNameLike(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The partition a job belongs to: stable for its whole life, spread evenly by its id.</summary>
    public static int PartitionOf(Guid jobId)
    {
        // UUIDv7 starts with a timestamp; the random tail spreads evenly.
        Span<byte> bytes = stackalloc byte[16];
        jobId.TryWriteBytes(bytes);
        var hash = BitConverter.ToUInt32(bytes[12..]);
        return (int)(hash % PartitionCount);
    }
}

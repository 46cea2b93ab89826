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
    public const int MaxLabels = 32;
    public const int MaxLabelKeyLength = 100;
    public const int MaxLabelValueLength = 200;

    /// <summary>The earliest instant a schedule may name (<c>runAt</c>, <c>startAt</c>, <c>endAt</c>).</summary>
    /// <remarks>
    /// An unset .NET date (<c>0001-01-01</c>, <see cref="DateTimeOffset.MinValue"/>) is what a careless client sends;
    /// stored, it became PostgreSQL's <c>-infinity</c>, which no arithmetic on the claim path survives.
    /// </remarks>
    public static readonly DateTimeOffset MinInstant = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest instant a schedule may name.</summary>
    public static readonly DateTimeOffset MaxInstant = new(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);

    /// <summary>Whether <paramref name="instant"/> lies within <see cref="MinInstant"/> … <see cref="MaxInstant"/>.</summary>
    public static bool IsInstantInRange(DateTimeOffset instant) => instant >= MinInstant && instant <= MaxInstant;

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

    /// <summary>
    /// Whether <paramref name="name"/> may name a job: 1 to <see cref="MaxNameLength"/> characters of <c>[A-Za-z0-9._-]</c>,
    /// not <c>.</c> or <c>..</c> (a URL path segment of either is resolved away, so <c>/api/v1/jobs/..</c> could never
    /// reach the job), and not a UUID (paths take a job's id or its name).
    /// </summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && IsNameLike(name) && !IsDotSegment(name) && !Guid.TryParse(name, out _);

    /// <summary>
    /// Whether <paramref name="key"/> may name a label: 1 to <see cref="MaxLabelKeyLength"/> characters of
    /// <c>[A-Za-z0-9._/-]</c> beginning with a letter or digit (so <c>gnomon/managed-by</c>, as Kubernetes spells a prefix).
    /// </summary>
    public static bool IsValidLabelKey(string key) =>
        key.Length is > 0 and <= MaxLabelKeyLength && char.IsAsciiLetterOrDigit(key[0]) && IsNameLike(key.Replace('/', '-'));

    /// <summary><c>.</c> and <c>..</c>, which URL resolution removes from a path instead of passing them on.</summary>
    public static bool IsDotSegment(string name) => name is "." or "..";

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

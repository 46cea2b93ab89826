using System.Globalization;
using Gnomon.Domain.Jobs;

namespace Gnomon.Worker.Engine;

/// <summary>One queue (or <c>*</c>) a worker serves, with its own concurrency.</summary>
public sealed record QueueSubscription(string Queue, int Concurrency)
{
    public const string AnyQueue = "*";

    public bool IsWildcard => Queue == AnyQueue;

    /// <summary>Parses <c>name[:concurrency],…</c>; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static IReadOnlyList<QueueSubscription> Parse(string spec, int defaultConcurrency)
    {
        var subscriptions = new List<QueueSubscription>();
        foreach (var raw in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split(':', 2, StringSplitOptions.TrimEntries);
            var name = parts[0];
            if (name != AnyQueue && (name.Length is 0 or > JobLimits.MaxQueueLength || !JobLimits.IsNameLike(name)))
            {
                throw new FormatException($"Worker:Queues: '{raw}' is not a queue name ([A-Za-z0-9._-], 1–{JobLimits.MaxQueueLength} characters) or '*'");
            }

            var concurrency = defaultConcurrency;
            if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > 10_000))
            {
                throw new FormatException($"Worker:Queues: '{raw}' has a concurrency that is not a whole number from 1 to 10000");
            }

            if (subscriptions.Any(s => s.Queue == name))
            {
                throw new FormatException($"Worker:Queues: '{name}' is listed twice");
            }

            subscriptions.Add(new QueueSubscription(name, concurrency));
        }

        if (subscriptions.Count == 0)
        {
            throw new FormatException("Worker:Queues: at least one queue is required (for example 'default' or '*')");
        }

        return subscriptions;
    }
}

namespace Gnomon.Cli.Cron;

/// <summary>One fire: the instant, the same as a local time of the zone with its offset, and a note when the zone's offset changed since the fire before.</summary>
internal sealed record CronFire(DateTimeOffset At, string Local, string? Note);

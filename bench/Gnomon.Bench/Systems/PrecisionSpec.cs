namespace Gnomon.Bench.Systems;

/// <summary>K jobs with an every-second cron; fires are counted in a window after a warm-up.</summary>
internal sealed record PrecisionSpec(int Jobs, int WarmupSeconds, int WindowSeconds);

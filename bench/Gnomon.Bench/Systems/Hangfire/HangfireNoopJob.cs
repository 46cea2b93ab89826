namespace Gnomon.Bench.Systems.Hangfire;

/// <summary>The throughput scenario's job: does nothing, so the drain measures the server and its storage alone.</summary>
internal static class HangfireNoopJob
{
    public static void Run()
    {
    }
}

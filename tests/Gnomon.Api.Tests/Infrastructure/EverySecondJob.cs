using Gnomon.Testing;

namespace Gnomon.Api.Tests.Infrastructure;

/// <summary>A job firing every second, to watch the scheduler and the worker keep time while a test does something else.</summary>
public static class EverySecondJob
{
    /// <summary>Creates the job and waits until <paramref name="runs"/> of its executions have succeeded; returns its name.</summary>
    public static async Task<string> StartAsync(HttpClient client, int runs = 1)
    {
        var name = ApiJson.UniqueName("ticker");
        await client.CreateJobAsync(JobBodies.Handler(name, cron: "* * * * * *"));
        await Eventually.WaitAsync(
            async () => (await client.ListExecutionsAsync(name)).Count(e => (string?)e["status"] == "succeeded") >= runs,
            $"the every-second job to run {runs} time(s)");
        return name;
    }
}

using System.Net;
using System.Text.Json;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Client.Tests;

public sealed class JobsApiTests(ClientServer server) : IClassFixture<ClientServer>
{
    private readonly GnomonClient _client = server.Client;

    [Fact]
    public async Task CreateJobAsync_FullDefinition_RoundTripsEveryField()
    {
        var definition = new JobDefinition
        {
            Name = "client-full-" + Guid.NewGuid().ToString("N")[..8],
            Description = "every field",
            Schedule = new Schedule { Cron = "0 30 9 * * MON-FRI", TimeZone = "Europe/Berlin", EndAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            Executor = new HttpExecutor
            {
                Url = "http://127.0.0.1:9/hook",
                Method = "PUT",
                Headers = new Dictionary<string, string> { ["X-Token"] = "t" },
                Body = "{}",
                SuccessStatusCodes = [200, 204],
            },
            Payload = JsonDocument.Parse("""{"n":1}""").RootElement,
            Priority = 7,
            Queue = "reports",
            TimeoutSeconds = 60,
            Retry = new RetryPolicy { MaxAttempts = 3, BackoffSeconds = 2 },
            ConcurrencyPolicy = ConcurrencyPolicy.Forbid,
            MisfirePolicy = MisfirePolicy.Skip,
            Labels = new Dictionary<string, string> { ["team"] = "billing" },
        };

        var created = await _client.CreateJobAsync(definition);
        var fetched = await _client.GetJobAsync(definition.Name);

        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal("Europe/Berlin", fetched.Schedule.TimeZone);
        Assert.Equal(definition.Schedule.EndAt, fetched.Schedule.EndAt);
        var http = Assert.IsType<HttpExecutor>(fetched.Executor);
        Assert.Equal("PUT", http.Method);
        Assert.Equal("t", http.Headers!["X-Token"]);
        Assert.Equal([200, 204], http.SuccessStatusCodes);
        Assert.Equal(1, fetched.Payload!.Value.GetProperty("n").GetInt32());
        Assert.Equal((7, "reports", 60), (fetched.Priority, fetched.Queue, fetched.TimeoutSeconds));
        Assert.Equal(3, fetched.Retry.MaxAttempts);
        Assert.Equal(600, fetched.Retry.MaxBackoffSeconds);
        Assert.Equal((ConcurrencyPolicy.Forbid, MisfirePolicy.Skip), (fetched.ConcurrencyPolicy, fetched.MisfirePolicy));
        Assert.Equal("billing", fetched.Labels["team"]);
        Assert.Equal(created.Id, Assert.Single(await _client.ListJobsAsync(new JobFilter { NameContains = definition.Name, Labels = fetched.Labels }).ToListAsync()).Id);
        Assert.NotNull(fetched.NextFireAt);
        Assert.Equal($"\"{fetched.Version}\"", fetched.ETag);
    }

    [Fact]
    public async Task CreateJobAsync_InvalidCron_ThrowsBadRequestNamingTheField()
    {
        var definition = Jobs.Noop("client-bad") with { Schedule = Schedule.FromCron("61 * * * * *") };

        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.CreateJobAsync(definition));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("schedule.cron", ex.Errors.Keys);
        Assert.Contains("schedule.cron", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _client.FindJobAsync(definition.Name));
    }

    [Fact]
    public async Task CreateJobAsync_TakenName_ThrowsConflict()
    {
        var definition = Jobs.Noop("client-taken");
        await _client.CreateJobAsync(definition);

        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.CreateJobAsync(definition));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
    }

    [Fact]
    public async Task CreateJobsAsync_Batch_ReturnsJobsInOrderSent()
    {
        var definitions = Enumerable.Range(0, 3).Select(_ => Jobs.Noop("client-batch")).ToList();

        var created = await _client.CreateJobsAsync(definitions);

        Assert.Equal(definitions.Select(d => d.Name), created.Select(j => j.Name));
    }

    [Fact]
    public async Task PutJobAsync_NewThenExisting_CreatesThenReplaces()
    {
        var definition = Jobs.Noop("client-put");

        var first = await _client.PutJobAsync(definition.Name, definition);
        var second = await _client.PutJobAsync(definition.Name, definition with { Description = "replaced" }, first.Job.ETag);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal("replaced", second.Job.Description);
        Assert.Equal(first.Job.Version + 1, second.Job.Version);
    }

    [Fact]
    public async Task PatchJobAsync_StaleETag_ThrowsPreconditionFailedAndChangesNothing()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-patch"));
        var patch = JsonDocument.Parse("""{"description":"patched"}""").RootElement;
        var patched = await _client.PatchJobAsync(job.Name, patch, job.ETag);

        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.PatchJobAsync(job.Name, patch, job.ETag));

        Assert.Equal("patched", patched.Description);
        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.StatusCode);
        Assert.Equal(patched.Version, (await _client.GetJobAsync(job.Name)).Version);
    }

    [Fact]
    public async Task ListJobsAsync_SmallPages_YieldsEveryMatchingJobOnce()
    {
        var prefix = "client-list-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CreateJobsAsync(Enumerable.Range(0, 5).Select(i => Jobs.Noop(prefix) with { Name = $"{prefix}-{i}" }));

        var names = new List<string>();
        await foreach (var job in _client.ListJobsAsync(new JobFilter { NameContains = prefix }, pageSize: 2))
        {
            names.Add(job.Name);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").Order(), names.Order());
    }

    [Fact]
    public async Task PauseAndResumeJobAsync_ChangeWhetherItHasANextFire()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-pause"));

        var paused = await _client.PauseJobAsync(job.Name);
        var resumed = await _client.ResumeJobAsync(job.Id.ToString());
        var paging = await _client.ListJobsAsync(new JobFilter { Paused = true, NameContains = job.Name }).ToListAsync();

        Assert.True(paused.Paused);
        Assert.Null(paused.NextFireAt);
        Assert.False(resumed.Paused);
        Assert.NotNull(resumed.NextFireAt);
        Assert.Empty(paging);
    }

    [Fact]
    public async Task GetNextFiresAsync_EveryFiveSeconds_ReturnsFiresFiveSecondsApart()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-fires", "*/5 * * * * *"));

        var fires = await _client.GetNextFiresAsync(job.Name, 3);

        Assert.Equal(3, fires.Count);
        Assert.All(fires.Zip(fires.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(5), pair.Second - pair.First));
    }

    [Fact]
    public async Task PreviewScheduleAsync_BadZone_ThrowsNamingTheField()
    {
        var fires = await _client.PreviewScheduleAsync(Schedule.Every(TimeSpan.FromSeconds(30)), 2);

        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.PreviewScheduleAsync(Schedule.FromCron("* * * * *", "Mars/Olympus")));

        Assert.Equal(TimeSpan.FromSeconds(30), fires[1] - fires[0]);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains(ex.Errors.Keys, k => k.EndsWith("timeZone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteJobAsync_ThenGet_ThrowsNotFound()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-delete"));

        await _client.DeleteJobAsync(job.Name, job.ETag);
        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.GetJobAsync(job.Name));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }
}

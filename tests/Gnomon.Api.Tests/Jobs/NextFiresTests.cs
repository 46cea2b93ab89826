using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Jobs;

/// <summary>The next fire instants of a job, and the schedule preview.</summary>
public sealed class NextFiresTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task NextFires_NineOClockInBerlin_ReturnsFiveDailyInstantsAt0800ZOr0700ZByDst()
    {
        var name = ApiJson.UniqueName("berlin");
        var body = JobBodies.Handler(name, cron: "0 0 9 * * *");
        body["schedule"]!["timeZone"] = "Europe/Berlin";
        await _client.CreateJobAsync(body);
        var before = TimeProvider.System.GetUtcNow();

        var response = await (await _client.GetAsync($"/api/v1/jobs/{name}/next-fires?count=5")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["fires"], response.AsObject().Select(p => p.Key));
        var texts = response["fires"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.Equal(5, texts.Count);
        Assert.All(texts, t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T0[78]:00:00\.000Z$", t));
        var fires = texts.Select(t => ApiJson.Instant(JsonValue.Create(t))).ToList();
        Assert.InRange(fires[0], before.AddMinutes(-1), before.AddDays(1).AddMinutes(1));
        var firstLocal = TimeZoneInfo.ConvertTime(fires[0], Berlin);
        for (var i = 0; i < 5; i++)
        {
            // 09:00 on consecutive Berlin days: 08:00Z in winter (UTC+1), 07:00Z in summer (UTC+2).
            var day = firstLocal.Date.AddDays(i).AddHours(9);
            var offset = Berlin.GetUtcOffset(day);
            var expected = new DateTimeOffset(day, offset).ToUniversalTime();
            Assert.Equal(expected, fires[i]);
            Assert.Equal(offset == TimeSpan.FromHours(1) ? 8 : 7, fires[i].UtcDateTime.Hour);
        }
    }

    [Fact]
    public async Task NextFires_CountOutOfRange_Returns400KeyedCount()
    {
        var name = ApiJson.UniqueName("count");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        await (await _client.GetAsync($"/api/v1/jobs/{name}/next-fires?count=101")).ExpectValidationAsync("count");
        await (await _client.GetAsync($"/api/v1/jobs/{name}/next-fires?count=0")).ExpectValidationAsync("count");
        var hundred = await (await _client.GetAsync($"/api/v1/jobs/{name}/next-fires?count=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, hundred["fires"]!.AsArray().Count);
    }

    [Fact]
    public async Task PreviewSchedule_ValidCron_ReturnsTheNextFires()
    {
        var body = new JsonObject { ["schedule"] = new JsonObject { ["cron"] = "*/15 * * * * *" }, ["count"] = 4 };

        var response = await (await _client.PostAsync("/api/v1/schedules/preview", ApiJson.Json(body))).ExpectAsync(HttpStatusCode.OK);

        var fires = response["fires"]!.AsArray().Select(f => ApiJson.Instant(f)).ToList();
        Assert.Equal(4, fires.Count);
        Assert.All(fires, f => Assert.Equal(0, f.Second % 15));
        Assert.All(fires.Zip(fires.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(15), p.Second - p.First));
        Assert.InRange(fires[0], TimeProvider.System.GetUtcNow().AddSeconds(-16), TimeProvider.System.GetUtcNow().AddSeconds(16));
    }

    [Fact]
    public async Task PreviewSchedule_Interval_ReturnsEvenlySpacedFires()
    {
        var body = new JsonObject { ["schedule"] = new JsonObject { ["intervalSeconds"] = 90 }, ["count"] = 3 };

        var response = await (await _client.PostAsync("/api/v1/schedules/preview", ApiJson.Json(body))).ExpectAsync(HttpStatusCode.OK);

        var fires = response["fires"]!.AsArray().Select(f => ApiJson.Instant(f)).ToList();
        Assert.Equal(3, fires.Count);
        Assert.All(fires.Zip(fires.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(90), p.Second - p.First));
    }

    [Theory]
    [InlineData("{\"schedule\":{\"cron\":\"61 * * * *\"},\"count\":3}", "schedule.cron")]
    [InlineData("{\"schedule\":{\"cron\":\"0 9 * * *\",\"timeZone\":\"Nowhere/City\"},\"count\":3}", "schedule.timeZone")]
    [InlineData("{\"schedule\":{\"intervalSeconds\":0},\"count\":3}", "schedule.intervalSeconds")]
    [InlineData("{\"count\":3}", "schedule")]
    public async Task PreviewSchedule_Invalid_Returns400KeyedByField(string body, string key)
    {
        var response = await _client.PostAsync("/api/v1/schedules/preview", ApiJson.Json(body));

        await response.ExpectValidationAsync(key);
    }
}

using System.Net;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Hardening;

/// <summary>
/// Issue 9, defect 5: jobs named <c>.</c> and <c>..</c> were accepted but could not be reached (URL resolution removes
/// such path segments: <c>GET /api/v1/jobs/.</c> is the job list). They are refused; every name accepted round-trips.
/// </summary>
public sealed class DotSegmentNameTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task CreateJob_DotSegmentName_Returns400NamingTheName(string name)
    {
        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(name)));

        var errors = await response.ExpectValidationAsync("name");
        Assert.Contains("path segment", (string)errors["name"]![0]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task CreateJobs_DotSegmentName_Returns400NamingTheJob(string name)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["jobs"] = new System.Text.Json.Nodes.JsonArray(JobBodies.Handler(name)) };

        var response = await _client.PostAsync("/api/v1/jobs/batch", ApiJson.Json(body));

        await response.ExpectValidationAsync("jobs[0].name");
    }

    [Theory]
    [InlineData("...")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a..b")]
    [InlineData("-")]
    [InlineData("_")]
    [InlineData(".-.")]
    [InlineData("batch")]
    [InlineData("0")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public async Task AcceptedName_RoundTripsThroughItsPath(string name)
    {
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var job = await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(name, (string)job["name"]!);
    }

    [Fact]
    public async Task RandomAcceptedNames_AllRoundTripThroughTheirPath()
    {
        const string Alphabet = "abcXYZ019._-";
        var random = new Random(9);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 60)
        {
            var length = random.Next(1, 6);
            var name = new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]) + "-rt" + random.Next(100_000);
            names.Add(random.Next(2) == 0 ? name : "." + name + ".");
        }

        foreach (var name in names)
        {
            var created = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(name)));
            await created.ExpectAsync(HttpStatusCode.Created);
            var job = await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(name, (string)job["name"]!);
        }
    }
}

using System.Net;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Jobs;

/// <summary><c>q</c>, the name search: case-insensitive, and the text is matched as written (no wildcards).</summary>
public sealed class JobSearchTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task ListJobs_QWithLikeWildcards_MatchesThemLiterally()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { $"s{tag}a_b", $"s{tag}aXb", $"S{tag}A_B-upper" })
        {
            await (await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(name)))).ExpectAsync(HttpStatusCode.Created);
        }

        var underscore = await NamesAsync($"/api/v1/jobs?q={tag}a_b");
        var percent = await NamesAsync($"/api/v1/jobs?q={tag}%25");
        var shortText = await NamesAsync($"/api/v1/jobs?q=s{tag}");

        Assert.Equal(new[] { $"S{tag}A_B-upper", $"s{tag}a_b" }.Order(StringComparer.Ordinal), underscore.Order(StringComparer.Ordinal));
        Assert.Empty(percent);
        Assert.Equal(3, shortText.Count);
    }

    private async Task<List<string>> NamesAsync(string path)
    {
        var page = await (await _client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Select(j => (string)j!["name"]!)];
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.Platform;

/// <summary>The served document describes every query parameter with its real type, range and default, so a generated client binds it as such.</summary>
public sealed class OpenApiParameterTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    [Theory]
    [InlineData("/api/v1/jobs", "limit", 1, 500, 50)]
    [InlineData("/api/v1/executions", "limit", 1, 500, 50)]
    [InlineData("/api/v1/jobs/{job}/executions", "limit", 1, 500, 50)]
    [InlineData("/api/v1/jobs/{job}/next-fires", "count", 1, 100, 10)]
    public async Task WholeNumber_Described_IsIntegerWithItsOwnRangeAndDefault(string path, string name, int minimum, int maximum, int fallback)
    {
        var schema = await SchemaAsync(path, name);

        Assert.Equal("integer", (string?)schema["type"]);
        Assert.Equal(minimum, (int?)schema["minimum"]);
        Assert.Equal(maximum, (int?)schema["maximum"]);
        Assert.Equal(fallback, (int?)schema["default"]);
    }

    [Theory]
    [InlineData("/api/v1/jobs", "paused", "boolean", null)]
    [InlineData("/api/v1/executions", "from", "string", "date-time")]
    [InlineData("/api/v1/executions", "to", "string", "date-time")]
    [InlineData("/api/v1/jobs/{job}/executions", "from", "string", "date-time")]
    [InlineData("/api/v1/jobs", "cursor", "string", null)]
    public async Task TypedParameter_Described_HasItsType(string path, string name, string type, string? format)
    {
        var schema = await SchemaAsync(path, name);

        Assert.Equal(type, (string?)schema["type"]);
        Assert.Equal(format, (string?)schema["format"]);
    }

    [Theory]
    [InlineData("/api/v1/jobs", "paused,queue,q,label,limit,cursor")]
    [InlineData("/api/v1/executions", "jobId,status,from,to,queue,limit,cursor")]
    [InlineData("/api/v1/jobs/{job}/executions", "job,status,from,to,queue,limit,cursor")]
    public async Task List_Described_NamesEveryParameterWithADescription(string path, string names)
    {
        var parameters = await ParametersAsync(path);

        Assert.Equal(names.Split(','), parameters.Select(p => (string)p!["name"]!));
        Assert.All(parameters.Where(p => (string?)p!["in"] == "query"), p => Assert.False(string.IsNullOrWhiteSpace((string?)p!["description"]), $"{p!["name"]} has a description"));
    }

    private async Task<JsonObject> SchemaAsync(string path, string name)
    {
        var parameter = (await ParametersAsync(path)).Single(p => (string?)p!["name"] == name)!;
        // Inline, not a shared component: a component would carry another parameter's range.
        var schema = parameter["schema"]!.AsObject();
        Assert.False(schema.ContainsKey("$ref"), $"{name} of {path} is described inline");
        return schema;
    }

    private async Task<JsonArray> ParametersAsync(string path)
    {
        var document = await (await fixture.Client.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        return document["paths"]![path]!["get"]!["parameters"]!.AsArray();
    }
}

using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Security.Tests;

/// <summary>
/// The services of <see cref="SecurityServiceCollectionExtensions.AddGnomonSecurity"/> bound from <c>settings</c>, in a
/// pipeline as a node builds it (routing, authentication, authorization) with two endpoints: <c>/closed</c>, which
/// answers with the caller's name, and <c>/open</c>, marked anonymous. Requests run in process, without a server.
/// </summary>
public sealed class SecurityPipeline : IDisposable
{
    public const string Key = "k3y-for-tests-0123456789abcdef";
    public const string OtherKey = "second-key-0123456789abcdef";

    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["Security:ApiKeys:0"] = Key,
        ["Security:ApiKeys:1"] = OtherKey,
    };

    private readonly ServiceProvider _services;
    private readonly RequestDelegate _pipeline;

    /// <summary>A pipeline with <see cref="Key"/> and <see cref="OtherKey"/> and no anonymous use (also as a class fixture).</summary>
    public SecurityPipeline()
        : this(Keys)
    {
    }

    private SecurityPipeline(IReadOnlyDictionary<string, string?> settings)
    {
        _services = BuildServices(settings);
        var app = new ApplicationBuilder(_services);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapGet("/closed", (ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous");
            endpoints.MapGet("/open", () => "open").AllowAnonymous();
        });
        _pipeline = app.Build();
    }

    public IServiceProvider Services => _services;

    /// <summary>A pipeline bound from <paramref name="settings"/> alone.</summary>
    public static SecurityPipeline CreateExactly(IReadOnlyDictionary<string, string?> settings) => new(settings);

    /// <summary>The services alone, bound from <paramref name="settings"/>: building the pipeline reads (and so validates) the settings.</summary>
    public static ServiceProvider BuildServices(IReadOnlyDictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddLogging()
        // What the web host provides and the routing middleware asks for.
        .AddSingleton(new DiagnosticListener("Gnomon.Security.Tests"))
        .AddRouting()
        .AddGnomonSecurity()
        .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

    /// <summary>Sends <c>GET <paramref name="path"/></c> with <paramref name="authorization"/> as its <c>Authorization</c> header.</summary>
    public async Task<SecurityResponse> GetAsync(string path, string? authorization = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        await _pipeline(context);
        return new SecurityResponse(
            context.Response.StatusCode,
            context.Response.ContentType,
            context.Response.Headers.WWWAuthenticate.ToString(),
            System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    public void Dispose() => _services.Dispose();

}

/// <summary>What <see cref="SecurityPipeline"/> answered.</summary>
public sealed record SecurityResponse(int Status, string? ContentType, string Challenge, string Body)
{
    public JsonNode Problem()
    {
        Assert.StartsWith("application/problem+json", ContentType, StringComparison.Ordinal);
        return JsonNode.Parse(Body)!;
    }
}

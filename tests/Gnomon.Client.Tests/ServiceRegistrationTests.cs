using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Client.Tests;

public sealed class ServiceRegistrationTests
{
    private const string Key = "client-test-key-0123456789abcdef";

    [Fact]
    public async Task AddGnomonClient_WithKey_IsAcceptedAndAWrongKeyIsUnauthorized()
    {
        await using var host = await GnomonTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:AllowAnonymous"] = "false",
            ["Security:ApiKeys:0"] = Key,
        });
        await using var good = Provider(host.BaseAddress, Key);
        await using var bad = Provider(host.BaseAddress, "not-the-key-0123456789abcdef");

        var nodes = await good.GetRequiredService<GnomonClient>().GetNodesAsync();
        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => bad.GetRequiredService<GnomonClient>().GetNodesAsync());

        Assert.NotEmpty(nodes);
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public void AddGnomonClient_RelativeAddress_FailsValidationNamingTheOption()
    {
        using var provider = new ServiceCollection().AddGnomonClient(o => o.BaseAddress = new Uri("api", UriKind.Relative)).Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<GnomonClient>);

        Assert.Contains("BaseAddress", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_AddressWithoutTrailingSlash_KeepsItsPath()
    {
        using var http = new HttpClient();

        GnomonClientServiceCollectionExtensions.Configure(http, new GnomonClientOptions { BaseAddress = new Uri("http://proxy.example/gnomon") });

        Assert.Equal(new Uri("http://proxy.example/gnomon/api/v1/jobs"), new Uri(http.BaseAddress!, "api/v1/jobs"));
    }

    private static ServiceProvider Provider(Uri address, string key) =>
        new ServiceCollection().AddGnomonClient(o => { o.BaseAddress = address; o.ApiKey = key; }).Services.BuildServiceProvider();
}

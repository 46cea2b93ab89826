using System.Net;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Dashboard.Tests;

/// <summary>The Data Protection key ring lives in the database: a sign-in cookie one node wrote is read by another.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task SignInCookie_WrittenByOneNode_IsReadByAnotherOnTheSameDatabase()
    {
        var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Security:AllowAnonymous"] = "false", ["Security:ApiKeys:0"] = DashboardServer.Key };
        await using var first = await GnomonTestHost.StartAsync(settings, connectionString: database);
        await using var second = await GnomonTestHost.StartAsync(settings, connectionString: database);
        var cookies = new CookieContainer();
        using var atFirst = DashboardSignIn.Browser(first.BaseAddress, cookies);

        var signIn = await DashboardSignIn.SignInAsync(atFirst, DashboardServer.Key);
        // The same cookie, sent to the other node (both listen on 127.0.0.1, so the container sends it there too).
        using var atSecond = DashboardSignIn.Browser(second.BaseAddress, cookies);
        var page = await atSecond.GetAsync(new Uri("/dashboard/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Jobs</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from gnomon_data_protection_keys", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1, "the key ring is in the database");
    }
}

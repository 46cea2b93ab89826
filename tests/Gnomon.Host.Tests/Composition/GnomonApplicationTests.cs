using Gnomon.Host.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Gnomon.Host.Tests.Composition;

/// <summary>How a node is put together, checked on the built application without starting it.</summary>
public sealed class GnomonApplicationTests
{
    private const string Unreached = "Host=127.0.0.1;Port=1;Database=gnomon";

    [Fact]
    public async Task Build_SettingsFiles_AreReadOnceAndNotWatched()
    {
        await using var app = GnomonApplication.Build([], GnomonRoles.All, Unreached);

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().ToList();

        // appsettings.json and appsettings.{environment}.json; a watch on them watched the whole working directory.
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
    }

    [Fact]
    public async Task Build_SwitchOnTheCommandLine_StillWinsOverTheDefault()
    {
        await using var app = GnomonApplication.Build(["--hostBuilder:reloadConfigOnChange=true"], GnomonRoles.All, Unreached);

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.All(files, f => Assert.True(f.Source.ReloadOnChange, f.Source.Path));
    }
}

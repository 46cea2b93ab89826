using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Gnomon.Gateway;

/// <summary>Builds <c>gnomon gateway</c>.</summary>
public static class GatewayApplication
{
    /// <summary>Builds (but does not start) the gateway.</summary>
    /// <param name="args">Command-line switches, applied over appsettings and environment variables.</param>
    /// <param name="defaults">Settings that apply unless configuration says otherwise.</param>
    /// <exception cref="OptionsValidationException">The masters are missing or invalid (the other settings are checked at start).</exception>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? defaults = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(GatewayApplication).Assembly.GetName().Name });
        if (defaults is not null)
        {
            // Defaults sit below every other source, so configuration files, env and switches still win.
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        }

        builder.Services.AddGnomonGateway();
        var app = builder.Build();
        app.MapGnomonGateway();
        return app;
    }
}

using Gnomon.Bench.Measurement;
using Gnomon.Host.Composition;
using Gnomon.Worker.Handlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>A Gnomon node in this process with the given roles, on 127.0.0.1, with product defaults except where noted.</summary>
internal sealed class GnomonNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GnomonNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<GnomonNode> StartAsync(GnomonRoles roles, string connectionString, FireRecorder? recorder, CancellationToken cancellationToken)
    {
        var defaults = new Dictionary<string, string?>
        {
            // Every queue, as gnomon dev serves them; no key, as in gnomon dev (the client is this process).
            ["Worker:Queues"] = "*",
            ["Security:AllowAnonymous"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = GnomonApplication.Build(["--urls=http://127.0.0.1:0"], roles, connectionString, defaults, builder =>
        {
            if (recorder is not null)
            {
                builder.Services.AddSingleton(recorder);
                new GnomonWorkerBuilder(builder.Services).AddHandler<RecordingHandler>(RecordingHandler.Name);
            }
        });
        await GnomonApplication.StartAsync(app, cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GnomonNode(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

// Creates (or updates) a job that fires every five seconds and waits for its first execution.
// Run `./gnomon dev` first; then `dotnet run --project samples/Gnomon.Samples.Client [-- http://host:port/]`.
// GNOMON_URL and GNOMON_API_KEY are read as `gnomon ctl` reads them.
using Gnomon.Client;
using Gnomon.Samples.Client;
using Microsoft.Extensions.DependencyInjection;

var server = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("GNOMON_URL") ?? "http://127.0.0.1:5050/";
if (!Uri.TryCreate(server, UriKind.Absolute, out var address))
{
    await Console.Error.WriteLineAsync($"not an absolute URL: '{server}'");
    return 2;
}

await using var services = new ServiceCollection()
    .AddGnomonClient(o =>
    {
        o.BaseAddress = address;
        o.ApiKey = Environment.GetEnvironmentVariable("GNOMON_API_KEY");
    })
    .Services.BuildServiceProvider();
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
try
{
    var execution = await FirstExecution.RunAsync(services.GetRequiredService<GnomonClient>(), "sample-hello", Console.Out, stop.Token);
    return execution.Status == Gnomon.Client.Executions.ExecutionStatus.Succeeded ? 0 : 1;
}
catch (GnomonApiException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

using System.Net.Http.Json;

namespace Gnomon.Host.Tests.Failover;

/// <summary>Idempotent API calls one after another through the gateway (reads, and an upsert by PUT), recording any that fail.</summary>
internal sealed class RequestMix
{
    private readonly List<string> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _sent;

    /// <summary>Requests sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    public static RequestMix Start(HttpClient api)
    {
        var mix = new RequestMix();
        mix._loop = mix.RunAsync(api);
        return mix;
    }

    /// <summary>Stops; returns how many requests were sent and which failed.</summary>
    public async Task<(int Sent, IReadOnlyList<string> Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        _stop.Dispose();
        return (_sent, _failures);
    }

    private async Task RunAsync(HttpClient api)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            try
            {
                var response = (i % 4) switch
                {
                    0 => await api.GetAsync(new Uri("/api/v1/jobs/every-second-00", UriKind.Relative), _stop.Token),
                    1 => await api.GetAsync(new Uri("/api/v1/jobs?limit=5", UriKind.Relative), _stop.Token),
                    2 => await api.GetAsync(new Uri("/api/v1/executions?limit=5", UriKind.Relative), _stop.Token),
                    _ => await api.PutAsJsonAsync(new Uri("/api/v1/jobs/upserted", UriKind.Relative), new
                    {
                        description = $"write {i}",
                        schedule = new { cron = "0 0 1 1 *" },
                        executor = new { type = "handler", handler = "noop" },
                    }, _stop.Token),
                };
                Interlocked.Increment(ref _sent);
                if (!response.IsSuccessStatusCode)
                {
                    _failures.Add($"#{i} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex)
            {
                Interlocked.Increment(ref _sent);
                _failures.Add($"#{i}: {ex.Message}");
            }
        }
    }
}

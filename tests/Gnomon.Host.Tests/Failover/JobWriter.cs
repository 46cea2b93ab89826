using System.Net;
using System.Net.Http.Json;

namespace Gnomon.Host.Tests.Failover;

/// <summary>Creates jobs one after another through the API until stopped, remembering which were acknowledged (201).</summary>
/// <remarks>A create is not idempotent, so the gateway never resends one: while no primary answers it gets 503 with Retry-After.</remarks>
internal sealed class JobWriter
{
    private readonly List<string> _created = [];
    private readonly List<string> _unexpected = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private int _createdCount;

    /// <summary>Jobs acknowledged so far.</summary>
    public int CreatedCount => Volatile.Read(ref _createdCount);

    /// <summary>Creations answered 503 (the database was failing over): nothing was created.</summary>
    public int Refused { get; private set; }

    public static JobWriter Start(HttpClient api)
    {
        var writer = new JobWriter();
        writer._loop = writer.RunAsync(api);
        return writer;
    }

    /// <summary>Stops and returns the names of the jobs acknowledged; throws if any answer was neither 201 nor 503.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        _stop.Dispose();
        Assert.True(_unexpected.Count == 0, "unexpected answers to creates: " + string.Join("; ", _unexpected.Take(10)));
        return _created;
    }

    private async Task RunAsync(HttpClient api)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var name = $"acknowledged-{i:D5}";
            try
            {
                var response = await api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
                {
                    name,
                    schedule = new { cron = "0 0 1 1 *" },
                    executor = new { type = "handler", handler = "noop" },
                }, _stop.Token);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    _created.Add(name);
                    Interlocked.Increment(ref _createdCount);
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                {
                    Refused++;
                    await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token);
                }
                else
                {
                    _unexpected.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

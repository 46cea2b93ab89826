using System.Globalization;
using System.Net.Http;

namespace Gnomon.Bench.Lag;

/// <summary>
/// The floor of the lag scenario: no scheduler, one plain <see cref="HttpClient"/> that sends every job's call itself on
/// each whole second, all at once from one timer, as the executor would. What the listener sees then is what the
/// client, the listener and the machine cost, and the distance from it to Gnomon's figure is Gnomon's.
/// </summary>
internal static class BareCaller
{
    public static async Task RunAsync(Uri listener, int jobs, DateTimeOffset until, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var paths = Enumerable.Range(0, jobs).Select(i => new Uri(listener, $"/hook/lag-{i:D5}")).ToArray();
        var calls = new List<Task>(jobs);
        for (var slot = WholeSecond(TimeProvider.System.GetUtcNow()); slot < until; slot = slot.AddSeconds(1))
        {
            var wait = slot - TimeProvider.System.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            while (TimeProvider.System.GetUtcNow() < slot)
            {
                await Task.Yield();
            }

            var scheduledAt = slot.ToString("O", CultureInfo.InvariantCulture);
            calls.Clear();
            foreach (var path in paths)
            {
                calls.Add(SendAsync(client, path, scheduledAt, cancellationToken));
            }

            await Task.WhenAll(calls);
        }
    }

    private static async Task SendAsync(HttpClient client, Uri path, string scheduledAt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation("X-Gnomon-Scheduled-At", scheduledAt);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

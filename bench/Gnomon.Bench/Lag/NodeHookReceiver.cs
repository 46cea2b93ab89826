using System.Diagnostics;
using System.Globalization;

namespace Gnomon.Bench.Lag;

/// <summary>
/// A listener in another process and another runtime: <c>listener.mjs</c> under Node.js, with Node's defaults, as a
/// user's endpoint is often written. It keeps the calls in memory and hands them over at the end (<c>GET /calls</c>),
/// so nothing but the calls themselves crosses the loopback during the window.
/// </summary>
internal sealed class NodeHookReceiver : IHookReceiver
{
    private readonly Process _node;

    private NodeHookReceiver(Process node, Uri address)
    {
        _node = node;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _node.Id;

    public static async Task<NodeHookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Lag", "listener.mjs");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, UseShellExecute = false };
        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"--listener node needs Node.js on the PATH (apt-get install -y nodejs): {ex.Message}", ex);
        }

        try
        {
            var line = await node.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"node listener said '{line}' instead of its port");
            }

            var port = int.Parse(line.AsSpan("listening ".Length), NumberStyles.None, CultureInfo.InvariantCulture);
            return new NodeHookReceiver(node, new Uri($"http://127.0.0.1:{port}"));
        }
        catch
        {
            node.Kill();
            node.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<HookCall>> CallsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address };
        using var response = await http.GetAsync(new Uri("/calls", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Headers.TryGetValues("X-Clock-Drift-Ms", out var drift))
        {
            Console.WriteLine($"node listener: wall clock minus its monotonic clock at the end: {drift.First()} ms");
        }

        var calls = new List<HookCall>();
        foreach (var line in (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var arrivedMs = double.Parse(fields[2], CultureInfo.InvariantCulture);
            calls.Add(new HookCall(
                fields[0][(fields[0].LastIndexOf('/') + 1)..],
                DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(arrivedMs * TimeSpan.TicksPerMillisecond))));
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill();
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }
}

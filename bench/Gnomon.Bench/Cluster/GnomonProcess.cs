using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Gnomon.Bench.Cluster;

/// <summary>One <c>gnomon master</c> or <c>gnomon worker</c> process on 127.0.0.1, from the binary built beside this harness.</summary>
internal sealed class GnomonProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GnomonProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>Starts <paramref name="role"/> on <paramref name="connectionString"/> and waits until it reports ready.</summary>
    public static async Task<GnomonProcess> StartAsync(string role, string connectionString, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "gnomon"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The API of a master needs a key unless --insecure; the harness is its only client, on loopback.
        string[] security = role == "master" ? ["--insecure"] : [];
        foreach (var argument in (string[])[role, "--urls", address.ToString().TrimEnd('/'), .. security, $"--ConnectionStrings:Gnomon={connectionString}", "--Logging:LogLevel:Default=Warning", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // Drained so a chatty process never blocks on a full pipe; its log is not part of the figures.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new GnomonProcess(process, address);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"gnomon {role} exited with {process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await node.DisposeAsync();
                throw new TimeoutException($"gnomon {role} was not ready within 60 s");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does.</summary>
    public void KillHard() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

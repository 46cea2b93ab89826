using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gnomon.EmbeddedPostgres;
using Gnomon.Host.Tests.Infrastructure;
using Gnomon.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.Host.Tests.Cluster;

/// <summary>
/// Masters, workers and optionally a gateway as real <c>gnomon</c> processes on 127.0.0.1, on a fresh database of
/// the test PostgreSQL, with an API key. Processes are stopped with real signals; everything is killed on dispose.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public const string Key = "cluster-test-key-0123456789abcdef";

    private readonly DevDataDirectory _directory = new();
    private readonly ConcurrentDictionary<string, (GnomonProcess Process, Uri Address)> _nodes = new();
    private readonly string[] _settings;
    private readonly string _queryConnectionString;

    private LocalCluster(string connectionString, string[] settings)
    {
        ConnectionString = connectionString;
        // The test's own reads: unpooled, so a PostgreSQL restart leaves no dead connection behind for them.
        _queryConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        _settings = settings;
        Directory.CreateDirectory(_directory.WorkingDirectory);
    }

    public string ConnectionString { get; }

    /// <summary>An API client with the key, to the gateway when there is one, else to the first master.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>This cluster's own PostgreSQL, when it was started with one (to restart it without touching other tests).</summary>
    public EmbeddedPostgresServer? OwnPostgres { get; private set; }

    private EmbeddedPostgresOptions? _ownPostgresOptions;

    public static async Task<LocalCluster> StartAsync(int masters, int workers, bool gateway = false, params string[] settings) =>
        await StartAsync(masters, workers, gateway, ownPostgres: false, settings);

    /// <summary>A cluster on an existing database, such as a failover formation's multi-host connection string.</summary>
    public static Task<LocalCluster> StartOnAsync(string connectionString, int masters, int workers, bool gateway, params string[] settings) =>
        StartAsync(new LocalCluster(connectionString, settings), masters, workers, gateway);

    public static async Task<LocalCluster> StartAsync(int masters, int workers, bool gateway, bool ownPostgres, params string[] settings)
    {
        EmbeddedPostgresServer? own = null;
        EmbeddedPostgresOptions? ownOptions = null;
        string connectionString;
        if (ownPostgres)
        {
            ownOptions = new EmbeddedPostgresOptions
            {
                DataDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gnomon-cluster-pg", Guid.NewGuid().ToString("N")[..12]),
                Port = FreePort.Next(),
            };
            own = await EmbeddedPostgresServer.StartAsync(ownOptions, NullLogger.Instance, CancellationToken.None);
            connectionString = own.ConnectionString;
        }
        else
        {
            connectionString = await TestDatabase.CreateAsync();
        }

        return await StartAsync(new LocalCluster(connectionString, settings) { OwnPostgres = own, _ownPostgresOptions = ownOptions }, masters, workers, gateway);
    }

    private static async Task<LocalCluster> StartAsync(LocalCluster cluster, int masters, int workers, bool gateway)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(1, masters).Select(i => cluster.StartMasterAsync($"master-{i}")));
            await Task.WhenAll(Enumerable.Range(1, workers).Select(i => cluster.StartWorkerAsync($"worker-{i}")));
            if (gateway)
            {
                await cluster.StartGatewayAsync();
            }

            // With neither a gateway nor a master (nodes launched later by the test), there is no API to talk to yet.
            var entry = gateway ? cluster._nodes["gateway"].Address : masters > 0 ? cluster._nodes["master-1"].Address : null;
            cluster.Api = new HttpClient { BaseAddress = entry, Timeout = TimeSpan.FromSeconds(30) };
            cluster.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public IEnumerable<string> Masters => _nodes.Keys.Where(n => n.StartsWith("master-", StringComparison.Ordinal));

    public Uri AddressOf(string name) => _nodes[name].Address;

    public int PidOf(string name) => _nodes[name].Process.Id;

    public string NameOfPid(int pid) => _nodes.Single(n => n.Value.Process.Id == pid).Key;

    public Task StartMasterAsync(string name) =>
        StartAsync(name, "master", "--ConnectionStrings:Gnomon=" + ConnectionString, $"--Security:ApiKeys:0={Key}");

    /// <summary>Starts a master without waiting for it to be ready (it may be waiting for its database); returns its address.</summary>
    public Uri LaunchMaster(string name) => Launch(name, "master", "--ConnectionStrings:Gnomon=" + ConnectionString, $"--Security:ApiKeys:0={Key}");

    /// <summary>Starts a worker without waiting for it to be ready; returns the address of its health endpoints.</summary>
    public Uri LaunchWorker(string name) => Launch(name, "worker", "--ConnectionStrings:Gnomon=" + ConnectionString, "--queues", "*");

    private Uri Launch(string name, string command, params string[] args)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var process = GnomonProcess.Start(_directory.WorkingDirectory, [command, "--urls", address.ToString().TrimEnd('/'), .. args, .. _settings]);
        _nodes[name] = (process, address);
        return address;
    }

    /// <summary>The names of the nodes started, gateway included.</summary>
    public IEnumerable<string> Names => _nodes.Keys;

    /// <summary>What a node wrote to stdout and stderr so far.</summary>
    public string OutputOf(string name) => _nodes[name].Process.Output;

    public Task StartWorkerAsync(string name) =>
        StartAsync(name, "worker", "--ConnectionStrings:Gnomon=" + ConnectionString, "--queues", "*");

    /// <summary>SIGKILL: no clean-up, leases lapse.</summary>
    public Task KillAsync(string name) => _nodes[name].Process.KillAsync();

    public Task SignalAsync(string name, string signal) => RunKillAsync(signal, PidOf(name));

    /// <summary>The node registry's pid of <paramref name="nodeId"/> (worker ids and master ids are node ids).</summary>
    public async Task<int> PidOfNodeAsync(Guid nodeId)
    {
        var nodes = (await Api.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/nodes", UriKind.Relative)))!["items"]!.AsArray();
        return (int)nodes.Single(n => Guid.Parse((string)n!["id"]!) == nodeId)!["pid"]!;
    }

    /// <summary>Partitions held now (by the database's clock) per owner node.</summary>
    public async Task<Dictionary<Guid, int>> PartitionOwnersAsync()
    {
        await using var connection = new NpgsqlConnection(_queryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select owner_id, count(*)::int from gnomon_partition_leases where owner_id is not null and expires_at > now() group by owner_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var owners = new Dictionary<Guid, int>();
        while (await reader.ReadAsync())
        {
            owners[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        return owners;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var connection = new NpgsqlConnection(_queryConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Stops this cluster's own PostgreSQL (fast shutdown: connections are cut), waits, and starts it again on the same port.</summary>
    public async Task RestartPostgresAsync(TimeSpan down, Func<Task>? whileDown = null)
    {
        var options = _ownPostgresOptions ?? throw new InvalidOperationException("this cluster shares the test PostgreSQL");
        await OwnPostgres!.StopAsync(CancellationToken.None);
        await Task.Delay(down);
        if (whileDown is not null)
        {
            await whileDown();
        }

        OwnPostgres = await EmbeddedPostgresServer.StartAsync(options, NullLogger.Instance, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        foreach (var (_, (process, _)) in _nodes)
        {
            // A stopped process cannot die of SIGKILL until it runs again.
            await RunKillAsync("CONT", process.Id);
            await process.DisposeAsync();
        }

        await _directory.DisposeAsync();
        if (OwnPostgres is not null)
        {
            await OwnPostgres.DisposeAsync();
            try
            {
                Directory.Delete(_ownPostgresOptions!.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private Task StartGatewayAsync()
    {
        var masters = Masters.Select((m, i) => $"--Gateway:Masters:{i}={_nodes[m].Address}").ToArray();
        // No rate limit: the tests send bursts of 1,000 requests with one key to test failover, not the budget.
        return StartAsync("gateway", "gateway", [$"--Security:ApiKeys:0={Key}", "--Gateway:HealthCheckInterval=00:00:01", "--Gateway:RateLimit:PermitLimit=0", .. masters]);
    }

    private async Task StartAsync(string name, string command, params string[] args)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var process = GnomonProcess.Start(_directory.WorkingDirectory, [command, "--urls", address.ToString().TrimEnd('/'), .. args, .. _settings]);
        _nodes[name] = (process, address);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{process.Output}");
                }

                try
                {
                    return (await probe.GetAsync(new Uri(address, "/health/ready"))).IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not answering yet, or not within the probe's 2 s on a loaded machine: asked again until the deadline.
                    return false;
                }
            },
            $"{name} to be ready",
            TimeSpan.FromSeconds(60));
    }

    private static async Task RunKillAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}

using System.Diagnostics;
using System.Globalization;
using Gnomon.Host.Tests.Infrastructure;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Host.Tests.Failover;

/// <summary>
/// A real pg_auto_failover formation on 127.0.0.1 (Debian's <c>pg_autoctl</c>): a monitor and two data nodes with
/// synchronous replication, each run by <c>pg_autoctl run</c> as the <c>postgres</c> user when the tests run as root, all
/// under one temporary folder. The monitor is tuned as <c>scripts/cluster.sh up --ha</c> tunes it.
/// </summary>
internal sealed class AutoFailoverFormation : IAsyncDisposable
{
    public const string Database = "gnomon";

    private static readonly bool IsRoot = Environment.UserName == "root";
    private static readonly string RunUser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gnomon-ha-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly Dictionary<string, Process> _running = [];
    private readonly string _pgCtl;

    private AutoFailoverFormation(string pgCtl)
    {
        _pgCtl = pgCtl;
        MonitorPort = FreePort.Next();
        Nodes = [new FormationNode("node1", FreePort.Next()), new FormationNode("node2", FreePort.Next())];
    }

    public int MonitorPort { get; }

    public IReadOnlyList<FormationNode> Nodes { get; }

    /// <summary>The multi-host connection string Gnomon is given: writes go to whichever node is the primary.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = string.Join(',', Nodes.Select(n => $"127.0.0.1:{n.Port}")),
        Database = Database,
        Username = "postgres",
        TargetSessionAttributes = "read-write",
    }.ConnectionString;

    /// <summary>Creates and starts the monitor, then the first node (the primary), then the second (its synchronous standby).</summary>
    public static async Task<AutoFailoverFormation> StartAsync()
    {
        var formation = new AutoFailoverFormation(FindPgCtl());
        try
        {
            await formation.CreateAsync();
            return formation;
        }
        catch
        {
            await formation.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node the monitor has as primary now (with its standby in sync, or alone: wait_primary), or null.</summary>
    public async Task<FormationNode?> PrimaryAsync()
    {
        var states = await StatesAsync();
        var name = states.FirstOrDefault(s => s.Reported is "primary" or "wait_primary" && s.Assigned == s.Reported).Name;
        return Nodes.FirstOrDefault(n => n.Name == name);
    }

    /// <summary>The monitor's view: each node's reported and assigned state.</summary>
    public async Task<List<(string Name, string Reported, string Assigned)>> StatesAsync()
    {
        await using var connection = new NpgsqlConnection(Admin(MonitorPort, "pg_auto_failover"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select nodename, reportedstate::text, goalstate::text from pgautofailover.node order by nodeid", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var states = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            states.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return states;
    }

    /// <summary>Waits until one node is primary and the other its in-sync secondary; returns the primary.</summary>
    /// <remarks>
    /// A joining standby (pg_basebackup) or a rejoining old primary (pg_rewind, which needs the promoted server's first
    /// checkpoint) waits for a checkpoint of the primary, spread over minutes on an idle server: each round asks for one.
    /// </remarks>
    public async Task<FormationNode> WaitForPrimaryAndSecondaryAsync(TimeSpan timeout)
    {
        await Eventually.WaitAsync(async () =>
        {
            if (await PrimaryAsync() is { } primary)
            {
                await CheckpointAsync(primary.Port);
            }

            var states = await StatesAsync();
            return states.Count == 2 && states.Count(s => s.Reported == "primary" && s.Assigned == "primary") == 1
                && states.Count(s => s.Reported == "secondary" && s.Assigned == "secondary") == 1;
        }, "a primary and an in-sync secondary", timeout);
        return (await PrimaryAsync())!;
    }

    /// <summary>SIGKILL of the node's keeper and everything it started, its postgres among them: the host "dies".</summary>
    public async Task KillAsync(FormationNode node)
    {
        await KillServiceAsync(node.Name);
    }

    private async Task KillServiceAsync(string name)
    {
        var service = _running[name];
        // The keeper runs in a session of its own (setsid): its process group holds it, its services and their postgres;
        // the postmaster is named as well, in case it left the group. Either may be missing when the service never got far.
        var targets = new List<string>();
        if (PidOf(name) is { } keeper && ProcessGroupOf(keeper) is { } group)
        {
            targets.Add("-" + group.ToString(CultureInfo.InvariantCulture));
        }

        var postmasterFile = Path.Combine(DataDirectory(name), "postmaster.pid");
        if (File.Exists(postmasterFile) && int.TryParse(File.ReadLines(postmasterFile).First(), CultureInfo.InvariantCulture, out var postmaster))
        {
            targets.Add(postmaster.ToString(CultureInfo.InvariantCulture));
            // PostgreSQL's children each run in a session of their own, out of the group's reach, and are meant to exit
            // when the postmaster dies; the monitor's health-check worker does not, and keeps its logger alive with it.
            targets.AddRange(ChildrenOf(postmaster).Select(p => p.ToString(CultureInfo.InvariantCulture)));
        }

        if (targets.Count > 0)
        {
            await RunAsync("kill", ["-KILL", "--", .. targets], check: false);
        }

        service.Kill(entireProcessTree: true);
        await service.WaitForExitAsync();
        service.Dispose();
        _running.Remove(name);
    }

    /// <summary>The process group of <paramref name="pid"/>: the fifth field of /proc/pid/stat, after the parenthesised name.</summary>
    private static int? ProcessGroupOf(int pid) => StatField(pid, 2);

    /// <summary>The processes whose parent is <paramref name="pid"/> (the fourth field of their /proc/pid/stat).</summary>
    private static List<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var p) ? p : 0)
            .Where(p => p > 0 && StatField(p, 1) == pid)];

    /// <summary>Field <paramref name="index"/> after the parenthesised name of /proc/pid/stat (0 is the state); null when the process is gone.</summary>
    private static int? StatField(int pid, int index)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[index], CultureInfo.InvariantCulture);
    }

    /// <summary>Starts the node's keeper again; pg_auto_failover has it rejoin as a standby.</summary>
    public void Restart(FormationNode node) => _running[node.Name] = Launch(node.Name, ["run", "--pgdata", DataDirectory(node.Name)]);

    /// <summary>SIGKILL of the monitor: nothing is promoted until it is back.</summary>
    public Task KillMonitorAsync() => KillServiceAsync("monitor");

    /// <summary>Starts the monitor again (it keeps its state in its database).</summary>
    public void RestartMonitor() => _running["monitor"] = Launch("monitor", ["run", "--pgdata", DataDirectory("monitor")]);

    /// <summary><c>pg_autoctl perform switchover</c>: the primary is demoted and the standby promoted, on purpose.</summary>
    public Task SwitchoverAsync() =>
        RunAsync(RunUser, AsPostgres(["pg_autoctl", "perform", "switchover", "--pgdata", DataDirectory("monitor")]), check: true);

    /// <summary>Whether <paramref name="node"/>'s postgres answers as a standby (in recovery).</summary>
    public static async Task<bool> IsStandbyAsync(FormationNode node)
    {
        await using var connection = new NpgsqlConnection(Admin(node.Port, Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The lines of <paramref name="node"/>'s PostgreSQL log that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> ServerLogLines(FormationNode node, string text)
    {
        var logs = Path.Combine(DataDirectory(node.Name), "log");
        return Directory.Exists(logs)
            ? [.. Directory.EnumerateFiles(logs).SelectMany(File.ReadLines).Where(l => l.Contains(text, StringComparison.Ordinal))]
            : throw new InvalidOperationException($"{node.Name} keeps no server log under {logs}");
    }

    /// <summary>An unpooled connection string to one node, for the test's own reads.</summary>
    public static string Admin(int port, string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Database = database, Username = "postgres", Pooling = false, Timeout = 3 }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Where(n => _running.ContainsKey(n.Name)).ToList())
        {
            await KillAsync(node);
        }

        if (_running.ContainsKey("monitor"))
        {
            await KillServiceAsync("monitor");
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task CreateAsync()
    {
        // XDG_RUNTIME_DIR must exist, private to its user, or pg_autoctl puts its pid files under /tmp instead.
        var run = Directory.CreateDirectory(Path.Combine(_root, "run"));
        if (OperatingSystem.IsLinux())
        {
            run.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _root, Path.Combine(_root, "run")], check: true);
        }

        await PgAutoCtlAsync(["create", "monitor", "--pgdata", DataDirectory("monitor"), "--pgport", Str(MonitorPort), "--hostname", "127.0.0.1",
            "--auth", "trust", "--no-ssl", "--pgctl", _pgCtl]);
        _running["monitor"] = Launch("monitor", ["run", "--pgdata", DataDirectory("monitor")]);
        await Eventually.WaitAsync(() => AnswersAsync(MonitorPort, "pg_auto_failover"), "the monitor to answer", TimeSpan.FromSeconds(60));
        await TuneMonitorAsync();

        var monitorUri = $"postgres://autoctl_node@127.0.0.1:{Str(MonitorPort)}/pg_auto_failover?sslmode=disable";
        foreach (var node in Nodes)
        {
            await PgAutoCtlAsync(["create", "postgres", "--pgdata", DataDirectory(node.Name), "--pgport", Str(node.Port), "--hostname", "127.0.0.1",
                "--listen", "127.0.0.1", "--name", node.Name, "--monitor", monitorUri, "--auth", "trust", "--no-ssl", "--dbname", Database, "--pgctl", _pgCtl]);
            // A primary that loses the monitor and its standby for this long demotes itself; the monitor waits longer than
            // that (primary_demote_timeout) before a promoted standby takes writes, so two primaries never take writes at once.
            await PgAutoCtlAsync(["config", "set", "--pgdata", DataDirectory(node.Name), "timeout.network_partition_timeout", "4"]);
            _running[node.Name] = Launch(node.Name, ["run", "--pgdata", DataDirectory(node.Name)]);
            if (node == Nodes[0])
            {
                await Eventually.WaitAsync(() => AnswersAsync(node.Port, Database), "the first node to answer", TimeSpan.FromSeconds(60));
            }
        }

        await WaitForPrimaryAndSecondaryAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Fast, still safe on one machine: health checks every second, a node unhealthy after 4 s, writes on a promoted standby after 6 s.</summary>
    private async Task TuneMonitorAsync()
    {
        await using var connection = new NpgsqlConnection(Admin(MonitorPort, "pg_auto_failover"));
        await connection.OpenAsync();
        foreach (var (name, value) in MonitorSettings)
        {
            await using var set = new NpgsqlCommand($"alter system set pgautofailover.{name} = {value}", connection);
            await set.ExecuteNonQueryAsync();
        }

        await using var reload = new NpgsqlCommand("select pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }

    /// <summary>The monitor settings of <c>scripts/cluster.sh up --ha</c> (milliseconds).</summary>
    public static readonly (string Name, int Value)[] MonitorSettings =
    [
        ("health_check_period", 1000),
        ("health_check_timeout", 1000),
        ("health_check_max_retries", 1),
        ("health_check_retry_delay", 500),
        ("node_considered_unhealthy_timeout", 4000),
        ("primary_demote_timeout", 6000),
    ];

    private static async Task CheckpointAsync(int port)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Admin(port, Database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("checkpoint", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Not up yet, or a standby: the next round asks again.
        }
    }

    private static async Task<bool> AnswersAsync(int port, string database)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Admin(port, database));
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private string DataDirectory(string name) => Path.Combine(_root, name);

    /// <summary>The pid pg_autoctl recorded for the service of <paramref name="name"/> (it lives under the runtime folder).</summary>
    private int? PidOf(string name)
    {
        var file = Path.Combine(_root, "run", "pg_autoctl", DataDirectory(name).TrimStart('/'), "pg_autoctl.pid");
        return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private Process Launch(string name, string[] args)
    {
        var log = Path.Combine(_root, name + ".log");
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        startInfo.ArgumentList.Add("-w");
        var command = IsRoot ? [RunUser, .. AsPostgres(["pg_autoctl", .. args])] : (string[])["pg_autoctl", .. args];
        foreach (var arg in command)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in AutoctlEnvironment())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo)!;
        var gate = new Lock();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    File.AppendAllText(log, line + "\n");
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task PgAutoCtlAsync(string[] args) =>
        IsRoot ? RunAsync(RunUser, AsPostgres(["pg_autoctl", .. args]), check: true) : RunAsync("pg_autoctl", args, check: true);

    private string[] AsPostgres(string[] command) =>
        ["-u", "postgres", "--", "env", .. AutoctlEnvironment().Select(e => $"{e.Key}={e.Value}"), .. command];

    /// <summary>Where pg_autoctl keeps its configuration, state and pid files: inside this formation's folder.</summary>
    private Dictionary<string, string> AutoctlEnvironment() => new()
    {
        ["PATH"] = $"{Path.GetDirectoryName(_pgCtl)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["XDG_CONFIG_HOME"] = Path.Combine(_root, "config"),
        ["XDG_DATA_HOME"] = Path.Combine(_root, "share"),
        ["XDG_RUNTIME_DIR"] = Path.Combine(_root, "run"),
        ["PGCONNECT_TIMEOUT"] = "3",
    };

    private async Task RunAsync(string file, IEnumerable<string> args, bool check)
    {
        var startInfo = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in AutoctlEnvironment())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    /// <summary>The pg_ctl of the PostgreSQL version pg_auto_failover's extension is installed for.</summary>
    private static string FindPgCtl()
    {
        var extension = Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin", "pg_ctl"))
            .Where(p => File.Exists(p) && File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(p))!, "lib", "pgautofailover.so")))
            .OrderDescending(StringComparer.Ordinal)
            .FirstOrDefault();
        return extension ?? throw new InvalidOperationException(
            "pg_auto_failover is not installed (Debian: pg-auto-failover-cli and postgresql-<version>-auto-failover); scripts/test.sh installs it");
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A data node of the formation.</summary>
internal sealed record FormationNode(string Name, int Port);

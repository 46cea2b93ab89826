namespace Gnomon.EmbeddedPostgres;

/// <summary>Settings for a private PostgreSQL instance started by <see cref="EmbeddedPostgresServer"/>.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>Directory that holds the cluster (<c>DataDirectory/pg</c>) and its log (<c>DataDirectory/postgres.log</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1; <see langword="null"/> picks a free loopback port.</summary>
    public int? Port { get; init; }

    /// <summary>Database created when missing and named in <see cref="EmbeddedPostgresServer.ConnectionString"/>.</summary>
    public string Database { get; init; } = "gnomon";

    /// <summary>
    /// <see langword="false"/> turns off fsync, synchronous_commit and full_page_writes: much faster, and a crash
    /// of the machine may corrupt the cluster. Meant for tests.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>
    /// Directory holding initdb, pg_ctl and postgres. When unset: the environment variable <c>GNOMON_PG_BIN</c>,
    /// else <c>pg_config --bindir</c> if it holds all three, else the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public string? BinDirectory { get; init; }

    /// <summary>How long start-up (until the server accepts connections) and shutdown may each take; initdb is not bounded by it.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When <see langword="true"/>, the server lives only as long as this process: once the process exits, however it
    /// exits, a detached watchdog stops the server and deletes <see cref="DataDirectory"/>. For tests and benchmarks,
    /// never for data anyone keeps.
    /// </summary>
    public bool Ephemeral { get; init; }

    /// <summary>PostgreSQL <c>max_connections</c>.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>
    /// Further server settings passed as <c>-c name=value</c> at start (e.g. <c>shared_preload_libraries</c> for
    /// <c>pg_stat_statements</c>). Names and values are limited to letters, digits and <c>_ . , -</c>, since the
    /// server's command line goes through a shell.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

using Gnomon.Bench;
using Gnomon.Bench.Suite;

return args.FirstOrDefault() switch
{
    "suite" => await SuiteRunner.RunAsync(args[1..]),
    "child" => await ChildRunner.RunAsync(args[1..]),
    "lag" => await Gnomon.Bench.Lag.LagScenario.RunAsync(args),
    "dbcost" => await DbCostScenario.RunAsync(args[1..]),
    "cluster-throughput" => await ClusterThroughputScenario.RunAsync(args[1..]),
    "cluster-takeover" => await ClusterTakeoverScenario.RunAsync(args[1..]),
    _ => await Usage(),
};

static async Task<int> Usage()
{
    await Console.Error.WriteLineAsync("""
        usage: Gnomon.Bench <command> [options]
          suite [--size quick|full] [--systems gnomon,quartz,hangfire] [--scenarios ceiling,precision,sustained,throughput,scale,cluster] [--report FILE]
              the comparison: its own embedded PostgreSQL, pgbench's ceiling, each scenario against each system in a
              child process; prints one table and, with --report, rewrites FILE's generated section and its charts
          child --system S --scenario precision|sustained|throughput|scale --db CONNECTION --out FILE [...]
              one scenario of one system (what suite runs in each child process)
          lag [--jobs K] [--seconds N] [--warmup W] [--listener dotnet|node] [--trace] [--Section:Key=value ...]
              one in-process node on its own embedded PostgreSQL; fire lag of K every-second http jobs, by a local listener
          dbcost [--executions N]
              the throughput drain of N no-op executions on its own durable PostgreSQL with pg_stat_statements: WAL,
              statements, commits and row writes per execution, and the statements that cost the most
          cluster-throughput --api URL --db CONNECTION [--key KEY] [--executions N]
              against a running cluster (scripts/cluster.sh): N handler noop jobs due at one instant; executions per second
          cluster-takeover --api URL --db CONNECTION [--key KEY]
              against a running cluster with two or more masters: kill -9 one master, time until the others hold its partitions
        """);
    return 2;
}

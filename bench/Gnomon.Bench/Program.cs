using Gnomon.Bench;

return args.FirstOrDefault() switch
{
    "lag" => await LagScenario.RunAsync(args),
    "cluster-throughput" => await ClusterThroughputScenario.RunAsync(args[1..]),
    "cluster-takeover" => await ClusterTakeoverScenario.RunAsync(args[1..]),
    _ => await Usage(),
};

static async Task<int> Usage()
{
    await Console.Error.WriteLineAsync("""
        usage: Gnomon.Bench <scenario> [options]
          lag [--jobs K] [--seconds N] [--warmup W]
              one in-process node on its own embedded PostgreSQL; fire lag of K every-second http jobs
          cluster-throughput --api URL --db CONNECTION [--key KEY] [--executions N]
              against a running cluster (scripts/cluster.sh): N handler noop jobs due at one instant; executions per second
          cluster-takeover --api URL --db CONNECTION [--key KEY]
              against a running cluster with two or more masters: kill -9 one master, time until the others hold its partitions
        """);
    return 2;
}

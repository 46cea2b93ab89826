using Gnomon.Bench;

return await BenchCommand.RunAsync(args);

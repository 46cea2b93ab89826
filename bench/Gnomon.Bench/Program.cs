using Gnomon.Bench.Commands;

return await BenchCommandLine.RunAsync(args, Console.Out, Console.Error);

using Gnomon.Host.Commands;

return await CommandLine.RunAsync(args, Console.Out, Console.Error);

namespace Gnomon.Bench.Commands;

/// <summary>A usage error found by a command's action rather than by the parser: exit code 2, with its message.</summary>
internal sealed class UsageException(string message) : Exception(message);

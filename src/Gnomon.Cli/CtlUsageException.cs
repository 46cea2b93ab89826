namespace Gnomon.Cli;

/// <summary>The input of a command is wrong in a way the parser cannot see (a bad file, a conflicting pair of options): exit 2.</summary>
public sealed class CtlUsageException : Exception
{
    public CtlUsageException()
    {
    }

    public CtlUsageException(string message)
        : base(message)
    {
    }

    public CtlUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using System.Diagnostics.CodeAnalysis;

namespace Gnomon.Worker.Executors;

/// <summary>Thrown from the connect callback when the target address is not public and that is not allowed.</summary>
[SuppressMessage("Design", "CA1064:Exceptions should be public", Justification = "Only the http executor catches it, as the inner exception of HttpRequestException.")]
internal sealed class PrivateNetworkRefusedException : IOException
{
    public PrivateNetworkRefusedException()
    {
    }

    public PrivateNetworkRefusedException(string message)
        : base(message)
    {
    }

    public PrivateNetworkRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

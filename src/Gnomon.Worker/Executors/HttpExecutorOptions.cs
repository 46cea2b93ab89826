namespace Gnomon.Worker.Executors;

/// <summary>Settings of the <c>http</c> executor (<c>Executors:Http</c>).</summary>
public sealed record HttpExecutorOptions
{
    /// <summary>
    /// Whether targets resolving to loopback, private, link-local or unique-local addresses may be called.
    /// </summary>
    /// <remarks>
    /// Off by default so that anyone allowed to create a job cannot use the worker to reach its own network
    /// (metadata endpoints, databases). Checked on the address actually connected to, so DNS rebinding cannot
    /// get around it.
    /// </remarks>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Whether 3xx responses are followed; off by default (a redirect is reported as its status).</summary>
    public bool AllowRedirects { get; init; }
}

namespace Gnomon.Bench.Lag;

/// <summary>A local HTTP endpoint the lag scenario's jobs call, which records when each call arrived.</summary>
internal interface IHookReceiver : IAsyncDisposable
{
    /// <summary>Its base address, on 127.0.0.1.</summary>
    Uri Address { get; }

    /// <summary>The process it runs in (this one for an in-process listener).</summary>
    int ProcessId { get; }

    /// <summary>Every call received so far.</summary>
    Task<IReadOnlyList<HookCall>> CallsAsync(CancellationToken cancellationToken);
}

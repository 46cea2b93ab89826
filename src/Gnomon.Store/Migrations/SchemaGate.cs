namespace Gnomon.Store.Migrations;

/// <summary>Opens once the schema is current, so that the roles start working only then; a node starts serving health before.</summary>
/// <remarks>
/// A node may start while no primary answers (the database is down, or only a standby is up during a failover): it
/// then serves <c>/health/ready</c> with 503 and waits here, rather than exiting, until the migration has run.
/// </remarks>
public sealed class SchemaGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the schema is current and the roles may work.</summary>
    public bool IsOpen => _opened.Task.IsCompletedSuccessfully;

    /// <summary>Waits until the gate opens; throws the migration's error if it failed for good.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _opened.Task.WaitAsync(cancellationToken);

    /// <summary>Waits until the gate opens: true then; false when <paramref name="cancellationToken"/> fires first or the migration failed for good (the node is stopping).</summary>
    public async Task<bool> WaitUntilOpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _opened.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception) when (_opened.Task.IsFaulted)
        {
            return false;
        }
    }

    internal void Open() => _opened.TrySetResult();

    internal void Fail(Exception exception) => _opened.TrySetException(exception);
}

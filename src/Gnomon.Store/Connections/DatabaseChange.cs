namespace Gnomon.Store.Connections;

/// <summary>What a successful probe found compared with the one before it.</summary>
public enum DatabaseChange
{
    None,

    /// <summary>The database answers again after none did.</summary>
    Regained,

    /// <summary>Another server answers than before: the primary moved (failover or switchover).</summary>
    Moved,
}

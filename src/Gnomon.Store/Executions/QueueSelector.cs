using Npgsql;

namespace Gnomon.Store.Executions;

/// <summary>Which queues one claim takes from: named ones, or every queue but the excluded ones (<c>*</c>).</summary>
public sealed record QueueSelector(IReadOnlyList<string>? Queues, IReadOnlyList<string> Excluded)
{
    public static QueueSelector Named(params string[] queues) => new(queues, []);

    public static QueueSelector AllExcept(IReadOnlyList<string> excluded) => new(null, excluded);

    /// <summary>Adds the one parameter the filter of <see cref="QueueSql.For"/> takes for this shape.</summary>
    internal void AddParameters(NpgsqlParameterCollection parameters) => parameters.Add(Queues switch
    {
        null => new NpgsqlParameter { Value = Excluded.ToArray() },
        [var one] => new NpgsqlParameter { Value = one },
        _ => new NpgsqlParameter { Value = Queues.ToArray() },
    });
}

namespace Gnomon.Store.Executions;

/// <summary>
/// One claim statement in its three queue shapes, built once: a single named queue (<c>queue = $n</c>, served by
/// the queue-first index in priority order), several named queues, or every queue but some (<c>*</c>).
/// </summary>
/// <remarks>
/// One generic text with <c>$n is null or …</c> branches would be planned once for all shapes, and that plan can
/// use no index for ordering: each claim then sorted every pending row.
/// </remarks>
internal sealed class QueueSql
{
    private readonly string _one;
    private readonly string _many;
    private readonly string _allExcept;

    /// <param name="sql">The statement, given the queue filter on alias <c>d</c> (the dispatch rows).</param>
    /// <param name="queueParameter">The position of the one parameter the filter takes; it is added last.</param>
    public QueueSql(Func<string, string> sql, int queueParameter)
    {
        _one = sql($"d.queue = ${queueParameter}");
        _many = sql($"d.queue = any(${queueParameter})");
        _allExcept = sql($"d.queue <> all(${queueParameter})");
    }

    public string For(QueueSelector queues) => queues.Queues switch
    {
        null => _allExcept,
        [_] => _one,
        _ => _many,
    };
}

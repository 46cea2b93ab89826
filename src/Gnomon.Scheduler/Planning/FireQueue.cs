namespace Gnomon.Scheduler.Planning;

/// <summary>The upcoming fire of each job in the horizon, soonest first.</summary>
/// <remarks>
/// A <see cref="PriorityQueue{TElement, TPriority}"/> with lazy deletion: updating a job pushes a new
/// entry and the stale one is dropped when it surfaces, so every operation stays O(log n).
/// </remarks>
public sealed class FireQueue
{
    private readonly PriorityQueue<Guid, DateTimeOffset> _heap = new();
    private readonly Dictionary<Guid, DateTimeOffset> _current = [];

    public int Count => _current.Count;

    /// <summary>Sets (or moves) a job's next fire.</summary>
    public void Set(Guid jobId, DateTimeOffset nextFire)
    {
        if (_current.TryGetValue(jobId, out var existing) && existing == nextFire)
        {
            return;
        }

        _current[jobId] = nextFire;
        _heap.Enqueue(jobId, nextFire);
        CompactIfBloated();
    }

    public void Remove(Guid jobId) => _current.Remove(jobId);

    public void Clear()
    {
        _current.Clear();
        _heap.Clear();
    }

    public bool Contains(Guid jobId) => _current.ContainsKey(jobId);

    /// <summary>The soonest fire, or null when empty.</summary>
    public DateTimeOffset? PeekNext()
    {
        DropStale();
        return _heap.TryPeek(out _, out var at) ? at : null;
    }

    /// <summary>Removes and returns up to <paramref name="max"/> jobs whose fire is at or before <paramref name="until"/>.</summary>
    public List<Guid> TakeDue(DateTimeOffset until, int max)
    {
        var due = new List<Guid>();
        while (due.Count < max)
        {
            DropStale();
            if (!_heap.TryPeek(out var id, out var at) || at > until)
            {
                break;
            }

            _heap.Dequeue();
            _current.Remove(id);
            due.Add(id);
        }

        return due;
    }

    private void DropStale()
    {
        while (_heap.TryPeek(out var id, out var at) && (!_current.TryGetValue(id, out var current) || current != at))
        {
            _heap.Dequeue();
        }
    }

    private void CompactIfBloated()
    {
        if (_heap.Count <= 1024 || _heap.Count <= _current.Count * 4)
        {
            return;
        }

        _heap.Clear();
        foreach (var (id, at) in _current)
        {
            _heap.Enqueue(id, at);
        }
    }
}

using Gnomon.Domain.Jobs;

namespace Gnomon.Store.Jobs;

/// <summary>The outcome of an all-or-nothing create: every job as stored, or the positions that could not be created.</summary>
/// <param name="Created">The jobs in the order given; empty when <paramref name="Conflicting"/> is not.</param>
/// <param name="Conflicting">Positions whose name (or id) is already taken, or repeats an earlier one of the same batch; none was created then.</param>
public sealed record JobBatchWriteResult(IReadOnlyList<Job> Created, IReadOnlyList<int> Conflicting)
{
    public bool Succeeded => Conflicting.Count == 0;
}

namespace Gnomon.Bench.Measurement;

/// <summary>Slots of the sustained window that did not succeed, as the system recorded them: a status and, for a skip, the kind of its reason.</summary>
/// <param name="Status">The execution's status when it was read (<c>skipped</c>, <c>pending</c>, <c>failed</c>, …).</param>
/// <param name="Reason">The kind of reason the system gave (for Gnomon, what comes before the details of the text it wrote), or null when it gave none.</param>
/// <param name="Count">How many slots.</param>
internal sealed record SlotOutcome(string Status, string? Reason, long Count)
{
    /// <summary>How a table names it: the reason where there is one (<c>misfire: overloaded</c>), else the status.</summary>
    public string Label => Reason ?? Status;
}

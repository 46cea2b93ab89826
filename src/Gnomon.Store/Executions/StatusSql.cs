using System.Globalization;
using Gnomon.Domain.Executions;

namespace Gnomon.Store.Executions;

/// <summary>The numbers <see cref="ExecutionStatus"/> stores, for SQL text: the one source of the statuses statements test and set.</summary>
/// <remarks>The partial indexes of the migrations name the same numbers (<c>where status = 0</c>); a statement must say them the same way to use them.</remarks>
internal static class StatusSql
{
    public static readonly string Pending = Of(ExecutionStatus.Pending);
    public static readonly string Claimed = Of(ExecutionStatus.Claimed);
    public static readonly string Running = Of(ExecutionStatus.Running);
    public static readonly string Failed = Of(ExecutionStatus.Failed);
    public static readonly string Cancelled = Of(ExecutionStatus.Cancelled);
    public static readonly string Skipped = Of(ExecutionStatus.Skipped);

    /// <summary>Held by a worker: claimed or running (the lease index covers exactly these).</summary>
    public static readonly string Held = $"({Claimed}, {Running})";

    /// <summary>Not started yet: pending or claimed.</summary>
    public static readonly string NotStarted = $"({Pending}, {Claimed})";

    /// <summary>Not finished: pending, claimed or running.</summary>
    public static readonly string Unfinished = $"({Pending}, {Claimed}, {Running})";

    private static string Of(ExecutionStatus status) => ((short)status).ToString(CultureInfo.InvariantCulture);
}

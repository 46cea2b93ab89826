using System.Globalization;
using Gnomon.Domain.Executions;

namespace Gnomon.Store.Executions;

/// <summary>The numbers <see cref="ExecutionTrigger"/> stores, for SQL text.</summary>
/// <remarks>The unique slot index is partial (<c>where trigger = 0</c>): an <c>on conflict</c> must name the same predicate to use it.</remarks>
internal static class TriggerSql
{
    public static readonly string Schedule = ((short)ExecutionTrigger.Schedule).ToString(CultureInfo.InvariantCulture);

    public static readonly string Manual = ((short)ExecutionTrigger.Manual).ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using Gnomon.Client;
using Gnomon.Dashboard.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Gnomon.Dashboard.Editing;

/// <summary><c>POST /dashboard/preview</c>: the editor's schedule fields, as the editor posts them, previewed by the API as the user types.</summary>
internal static class SchedulePreviewEndpoint
{
    private const int Fires = 5;

    public static async Task<IResult> HandleAsync(HttpContext context, IAntiforgery antiforgery, DashboardApi api)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        var fields = await context.Request.ReadFormAsync(context.RequestAborted);
        var form = new JobForm
        {
            ScheduleKind = fields["Form.ScheduleKind"].ToString(),
            Cron = fields["Form.Cron"].ToString(),
            TimeZone = fields["Form.TimeZone"].ToString(),
            IntervalSeconds = fields["Form.IntervalSeconds"].ToString(),
            RunAt = fields["Form.RunAt"].ToString(),
        };
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        var schedule = form.ToSchedule(local);
        if (local.Count > 0)
        {
            return Results.Json(new { errors = Fields(local.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[e.Value])) });
        }

        try
        {
            var fires = await api.Client.PreviewScheduleAsync(schedule, Fires, context.RequestAborted);
            return Results.Json(new { fires = fires.Select(f => f.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) });
        }
        catch (GnomonApiException ex) when (ex.Errors.Count > 0)
        {
            return Results.Json(new { errors = Fields(ex.Errors) });
        }
    }

    // Keyed by the editor's field ids, so the script puts each message beside its field.
    private static Dictionary<string, string> Fields(IReadOnlyDictionary<string, IReadOnlyList<string>> errors) =>
        errors.GroupBy(e => JobForm.FieldOf(e.Key) ?? "Cron").ToDictionary(g => g.Key, g => string.Join("; ", g.SelectMany(e => e.Value)), StringComparer.Ordinal);
}

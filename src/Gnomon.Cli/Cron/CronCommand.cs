using System.CommandLine;
using System.Globalization;
using Gnomon.Cli.Jobs;
using Gnomon.Cli.Output;
using Gnomon.Client.Schedules;

namespace Gnomon.Cli.Cron;

/// <summary><c>gnomon ctl cron explain "EXPR" [--tz ZONE]</c>: the next fires as the server computes them, each where the zone's offset changes marked.</summary>
internal static class CronCommand
{
    public static Command Build()
    {
        var expression = new Argument<string>("expression") { Description = "5 or 6 fields (6: seconds first), or a macro such as @hourly; quote it" };
        var zone = new Option<string>("--tz") { Description = "the IANA time zone it is read in (default UTC)", HelpName = "zone" };
        var count = JobArguments.Count(10, 100, "how many fires (1–100, default 10)");
        var explain = new Command("explain", "the next fires of a cron expression, with daylight-saving changes marked") { expression, zone, count };
        CtlAction.Set(explain, async (session, result, ct) =>
        {
            var tz = result.GetValue(zone) ?? "UTC";
            var fires = await session.Client.PreviewScheduleAsync(Schedule.FromCron(result.GetValue(expression)!, tz), result.GetValue(count), ct);
            var rows = CronFires.InZone(fires, tz);
            var printer = session.Printer;
            await (printer.IsJson
                ? printer.JsonAsync(new { expression = result.GetValue(expression), timeZone = tz, fires = rows })
                : printer.TableAsync(["IN " + tz.ToUpperInvariant(), "UTC", "NOTE"], rows.Select(r => (IReadOnlyList<Cell>)
                [
                    r.Local,
                    r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    r.Note is null ? "" : new Cell(r.Note, Tone.Busy),
                ])));
            return ExitCodes.Ok;
        });
        return new Command("cron", "cron expressions") { explain };
    }
}

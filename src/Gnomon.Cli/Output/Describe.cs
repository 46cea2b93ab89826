using System.Globalization;
using Gnomon.Client.Executions;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Cli.Output;

/// <summary>Short human texts for the API's objects, as tables show them.</summary>
internal static class Describe
{
    public static string Schedule(Schedule schedule, Printer printer) => schedule switch
    {
        { Cron: { } cron } => schedule.TimeZone is null or "UTC" ? cron : $"{cron} ({schedule.TimeZone})",
        { IntervalSeconds: { } seconds } => string.Create(CultureInfo.InvariantCulture, $"every {seconds} s"),
        { RunAt: { } at } => "once at " + printer.Time(at),
        _ => "-",
    };

    public static string Executor(Executor executor) => executor switch
    {
        HttpExecutor http => $"http {http.Method ?? "POST"} {http.Url}",
        ShellExecutor shell => "shell " + string.Join(' ', new[] { shell.Command }.Concat(shell.Args ?? [])),
        HandlerExecutor handler => "handler " + handler.Handler,
        _ => executor.GetType().Name,
    };

    public static Cell Status(ExecutionStatus status) => new(Name(status), status switch
    {
        ExecutionStatus.Succeeded => Tone.Good,
        ExecutionStatus.Failed or ExecutionStatus.TimedOut => Tone.Bad,
        ExecutionStatus.Running => Tone.Busy,
        _ => Tone.Muted,
    });

    public static string Name<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static string Duration(long? milliseconds) => milliseconds switch
    {
        null => "-",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:0.0} s"),
    };

    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "-" : string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    public static string Short(Guid? id) => id is { } g ? g.ToString("D")[..8] : "-";
}

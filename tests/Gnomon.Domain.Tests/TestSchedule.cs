using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;

namespace Gnomon.Domain.Tests;

/// <summary>Compiles specs the way the API does, failing the test on any validation error.</summary>
internal static class TestSchedule
{
    /// <summary>The creation instant used as the interval anchor when a test does not care.</summary>
    public static readonly DateTimeOffset DefaultAnchor = Utc.At("2026-01-05T10:00:00Z");

    public static Schedule Compile(ScheduleSpec spec, DateTimeOffset? anchor = null)
    {
        var errors = new List<FieldError>();
        var schedule = ScheduleCompiler.TryCompile(spec, anchor ?? DefaultAnchor, errors);
        Assert.Empty(errors);
        Assert.NotNull(schedule);
        return schedule;
    }

    public static Schedule Cron(string cron, string? timeZone = null) => Compile(new ScheduleSpec { Cron = cron, TimeZone = timeZone });

    /// <summary>The errors of a spec that must not compile.</summary>
    public static List<FieldError> Errors(ScheduleSpec spec)
    {
        var errors = new List<FieldError>();
        var schedule = ScheduleCompiler.TryCompile(spec, DefaultAnchor, errors);
        Assert.Null(schedule);
        Assert.NotEmpty(errors);
        return errors;
    }

    /// <summary>The fields named by the errors of a spec that must not compile, in order.</summary>
    public static string[] ErrorFields(ScheduleSpec spec) => [.. Errors(spec).Select(e => e.Field)];

    public static DateTimeOffset[] Instants(params string[] rfc3339) => [.. rfc3339.Select(Utc.At)];
}

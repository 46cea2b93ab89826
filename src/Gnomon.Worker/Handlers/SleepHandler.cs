using System.Globalization;
using System.Text.Json;

namespace Gnomon.Worker.Handlers;

/// <summary>
/// The built-in <c>sleep</c> handler: waits <c>{"milliseconds": N}</c> or <c>{"seconds": N}</c> (default 1000 ms)
/// on the injected clock; useful to test timeouts, cancellation and concurrency.
/// </summary>
internal sealed class SleepHandler(TimeProvider timeProvider) : IJobHandler
{
    public const string Name = "sleep";

    private static readonly TimeSpan s_default = TimeSpan.FromSeconds(1);

    public async Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = ReadDuration(context.Payload);
        await Task.Delay(duration, timeProvider, cancellationToken);
        return new HandlerResult
        {
            Output = string.Create(CultureInfo.InvariantCulture, $"slept {duration.TotalMilliseconds} ms"),
        };
    }

    /// <exception cref="FormatException">The payload is not an object with a non-negative number.</exception>
    internal static TimeSpan ReadDuration(JsonElement? payload)
    {
        if (payload is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return s_default;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException(
                $"the sleep handler expects a payload like {{\"milliseconds\": 500}} or {{\"seconds\": 2}}, not a JSON {element.ValueKind.ToString().ToLowerInvariant()}");
        }

        var hasMilliseconds = element.TryGetProperty("milliseconds", out var milliseconds);
        var hasSeconds = element.TryGetProperty("seconds", out var seconds);
        return (hasMilliseconds, hasSeconds) switch
        {
            (true, true) => throw new FormatException(
                "the sleep handler's payload gives both 'milliseconds' and 'seconds'; give one"),
            (true, false) => TimeSpan.FromMilliseconds(ReadNumber(milliseconds, "milliseconds", 1000d * 60 * 60 * 24)),
            (false, true) => TimeSpan.FromSeconds(ReadNumber(seconds, "seconds", 60d * 60 * 24)),
            _ => s_default,
        };
    }

    private static double ReadNumber(JsonElement value, string name, double max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < 0 || number > max)
        {
            throw new FormatException(
                $"the sleep handler's '{name}' must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}, not {value.GetRawText()}");
        }

        return number;
    }
}

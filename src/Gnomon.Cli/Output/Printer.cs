using System.Globalization;
using System.Text;
using System.Text.Json;
using Gnomon.Client.Http;

namespace Gnomon.Cli.Output;

/// <summary>Writes results for people (aligned tables, local times, colours on a terminal) or for scripts (JSON).</summary>
internal sealed class Printer(TextWriter output, OutputFormat format, bool utc, bool color)
{
    private const string Gap = "  ";
    private static readonly JsonSerializerOptions Indented = new(GnomonJson.Options) { WriteIndented = true };

    public OutputFormat Format { get; } = format;

    public bool IsJson => Format == OutputFormat.Json;

    public Task JsonAsync<T>(T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Indented));

    /// <summary>One JSON document on one line, for streams (<c>executions watch</c>).</summary>
    public Task JsonLineAsync<T>(T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, GnomonJson.Options));

    public Task LineAsync(string text) => output.WriteLineAsync(text);

    public async Task TableAsync(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<Cell>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in all)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }

        await output.WriteLineAsync(Row(headers.Select(h => new Cell(h, Tone.Muted)).ToList(), widths));
        foreach (var row in all)
        {
            await output.WriteLineAsync(Row(row, widths));
        }
    }

    /// <summary>
    /// One row of a table printed as it arrives (<c>executions watch</c>): each column as wide as the widest cell so
    /// far, so the columns stay aligned unless a longer value comes later, and then widen from that row on.
    /// </summary>
    public Task StreamRowAsync(IReadOnlyList<Cell> cells, int[] widths, bool header = false)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(widths);
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = Math.Max(widths[i], cells[i].Text.Length);
        }

        return output.WriteLineAsync(Row(header ? cells.Select(c => c with { Tone = Tone.Muted }).ToList() : cells, widths));
    }

    /// <summary>Name/value pairs, the names aligned: one object shown in full.</summary>
    public async Task FieldsAsync(IEnumerable<(string Name, Cell Value)> fields)
    {
        var list = fields.ToList();
        var width = list.Max(f => f.Name.Length) + 1;
        foreach (var (name, value) in list)
        {
            await output.WriteLineAsync((name + ":").PadRight(width) + " " + Paint(value.Text, value.Tone));
        }
    }

    /// <summary>An instant in local time with its offset (so the UTC instant is there too), or in UTC with <c>--utc</c>.</summary>
    public string Time(DateTimeOffset? instant) => instant is not { } i
        ? "-"
        : utc
            ? i.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : TimeZoneInfo.ConvertTime(i, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private string Row(IReadOnlyList<Cell> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var last = i == widths.Length - 1;
            var text = last ? cells[i].Text : cells[i].Text.PadRight(widths[i]);
            line.Append(Paint(text, cells[i].Tone));
            if (!last)
            {
                line.Append(Gap);
            }
        }

        return line.ToString().TrimEnd();
    }

    private string Paint(string text, Tone tone)
    {
        if (!color || tone == Tone.Plain)
        {
            return text;
        }

        var code = tone switch
        {
            Tone.Good => "32",
            Tone.Bad => "31",
            Tone.Busy => "36",
            _ => "2",
        };
        return $"\u001b[{code}m{text}\u001b[0m";
    }
}

using System.Globalization;
using System.Text;

namespace Gnomon.Client.Http;

/// <summary>A path with its query parameters, each escaped; null values are left out.</summary>
internal sealed class QueryString(string path)
{
    private readonly StringBuilder _text = new(path);
    private bool _first = !path.Contains('?', StringComparison.Ordinal);

    public QueryString Add(string name, string? value)
    {
        if (value is not null)
        {
            _text.Append(_first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            _first = false;
        }

        return this;
    }

    public QueryString Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, bool? value) => Add(name, value is { } b ? (b ? "true" : "false") : null);

    public QueryString Add(string name, DateTimeOffset? value) =>
        Add(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    public override string ToString() => _text.ToString();
}

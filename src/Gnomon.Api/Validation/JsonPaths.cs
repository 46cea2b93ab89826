using System.Buffers;
using System.Text;

namespace Gnomon.Api.Validation;

/// <summary>The JSON paths errors are keyed by: <c>schedule.cron</c>, <c>executor.args[2]</c>, <c>""</c> for the root.</summary>
/// <remarks>
/// The notation is System.Text.Json's without the leading <c>$.</c>, so serializer paths convert losslessly:
/// names with special characters are written <c>['a.b']</c>.
/// </remarks>
internal static class JsonPaths
{
    // The characters System.Text.Json writes in bracket notation.
    private static readonly SearchValues<char> SpecialCharacters = SearchValues.Create(".'/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029 ");

    /// <summary><c>$.schedule.cron</c> → <c>schedule.cron</c>; <c>$</c> or null → <c>""</c>.</summary>
    public static string FromSerializerPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        var text = path.StartsWith('$') ? path[1..] : path;
        return text.StartsWith('.') ? text[1..] : text;
    }

    /// <summary>Appends a member name to a path.</summary>
    public static string Combine(string path, string name)
    {
        if (name.Length == 0)
        {
            return path;
        }

        if (name.AsSpan().IndexOfAny(SpecialCharacters) >= 0)
        {
            return path + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
        }

        return path.Length == 0 ? name : path + "." + name;
    }

    /// <summary>Puts a path found inside a value under that value's own path: <c>jobs[3]</c> and <c>schedule.cron</c> give <c>jobs[3].schedule.cron</c>.</summary>
    public static string Under(string parent, string relative)
    {
        if (relative.Length == 0)
        {
            return parent;
        }

        return parent.Length == 0 || relative.StartsWith('[') ? parent + relative : parent + "." + relative;
    }

    /// <summary>Appends an array index to a path.</summary>
    public static string Index(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>Splits a path into member names (strings) and indices (ints); null when it is not in this notation.</summary>
    public static List<object>? Split(string path)
    {
        var segments = new List<object>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
            }

            if (i >= path.Length)
            {
                return null;
            }

            if (path[i] == '[')
            {
                if (i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var name = new StringBuilder();
                    i += 2;
                    while (i < path.Length && path[i] != '\'')
                    {
                        if (path[i] == '\\' && i + 1 < path.Length)
                        {
                            i++;
                        }

                        name.Append(path[i]);
                        i++;
                    }

                    if (i + 1 >= path.Length || path[i + 1] != ']')
                    {
                        return null;
                    }

                    segments.Add(name.ToString());
                    i += 2;
                }
                else
                {
                    var end = path.IndexOf(']', i);
                    if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    {
                        return null;
                    }

                    segments.Add(index);
                    i = end + 1;
                }
            }
            else
            {
                var end = path.IndexOfAny(['.', '['], i);
                if (end < 0)
                {
                    end = path.Length;
                }

                segments.Add(path[i..end]);
                i = end;
            }
        }

        return segments;
    }
}

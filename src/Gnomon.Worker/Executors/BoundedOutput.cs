using System.Buffers;
using System.Text;

namespace Gnomon.Worker.Executors;

/// <summary>
/// Keeps the first <c>maxBytes</c> bytes of an output stream and remembers whether anything was dropped;
/// thread-safe so stdout and stderr can be appended to it concurrently.
/// </summary>
/// <remarks>
/// Bytes, not characters, are bounded because the limit protects the database row; the cut is moved back to
/// a UTF-8 character boundary when the text is produced so a truncated output is never malformed.
/// </remarks>
internal sealed class BoundedOutput
{
    /// <summary>Appended to an output that was cut.</summary>
    public const string TruncationMarker = "\n…[truncated]";

    private readonly Lock _lock = new();
    private readonly int _maxBytes;
    private readonly ArrayBufferWriter<byte> _kept;
    private bool _truncated;

    public BoundedOutput(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxBytes = maxBytes;
        _kept = new ArrayBufferWriter<byte>(Math.Clamp(maxBytes, 1, 16 * 1024));
    }

    /// <summary>How many more bytes would be kept.</summary>
    public int Remaining
    {
        get
        {
            lock (_lock)
            {
                return _maxBytes - _kept.WrittenCount;
            }
        }
    }

    /// <summary>Whether bytes were offered beyond the limit.</summary>
    public bool IsTruncated
    {
        get
        {
            lock (_lock)
            {
                return _truncated;
            }
        }
    }

    /// <summary>Keeps what fits of <paramref name="bytes"/>; the rest is counted as truncation.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            var room = _maxBytes - _kept.WrittenCount;
            if (bytes.Length > room)
            {
                _truncated = true;
                bytes = bytes[..room];
            }

            if (!bytes.IsEmpty)
            {
                _kept.Write(bytes);
            }
        }
    }

    /// <summary>The kept bytes as UTF-8 text (invalid sequences replaced), with the marker when truncated.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            var kept = _kept.WrittenSpan;
            if (!_truncated)
            {
                return Encoding.UTF8.GetString(kept);
            }

            return Encoding.UTF8.GetString(kept[..CompleteCharacterLength(kept)]) + TruncationMarker;
        }
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxBytes"/> UTF-8 bytes, marked when cut.</summary>
    public static string? Truncate(string? text, int maxBytes)
    {
        if (text is null || Encoding.UTF8.GetMaxByteCount(text.Length) <= maxBytes || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var output = new BoundedOutput(maxBytes);
        // maxBytes + 4 characters encode to more than maxBytes bytes, so the overflow is seen without
        // encoding the whole string.
        output.Append(Encoding.UTF8.GetBytes(text, 0, Math.Min(text.Length, maxBytes + 4)));
        return output.ToString();
    }

    /// <summary>The length of <paramref name="bytes"/> without a trailing, incomplete UTF-8 sequence.</summary>
    private static int CompleteCharacterLength(ReadOnlySpan<byte> bytes)
    {
        // A UTF-8 sequence is at most 4 bytes: look back for its lead byte.
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0b1100_0000) == 0b1000_0000)
            {
                continue; // continuation byte
            }

            var needed = b switch
            {
                < 0b1000_0000 => 1,
                >= 0b1111_0000 => 4,
                >= 0b1110_0000 => 3,
                >= 0b1100_0000 => 2,
                _ => 1,
            };
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }
}

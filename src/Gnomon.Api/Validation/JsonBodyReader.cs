using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Gnomon.Api.Http;
using Gnomon.Api.Json;
using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Gnomon.Api.Validation;

/// <summary>Reads request bodies so that no content can cause a 500 and every problem names the field at fault.</summary>
/// <remarks>
/// The body is buffered (up to the limit) and checked for syntax separately from binding, so malformed JSON,
/// a wrong type and an unknown member each get their own message, keyed by JSON path, instead of the
/// serializer's text with .NET type names in it.
/// </remarks>
internal static class JsonBodyReader
{
    public const string InvalidBodyTitle = "The request body is invalid.";
    public const string MalformedTitle = "The request body is not valid JSON.";
    public const string BodyRequiredMessage = "a JSON body is required";
    public const string UnknownFieldMessage = "is not a known field";
    public const string UnsupportedShapeMessage = "has a shape this endpoint does not accept";
    public const string DuplicateMemberMessage = "is given more than once in the same object; give each member once";
    public const string NulInMemberNameMessage = "has a member name with the NUL character (\\u0000), which PostgreSQL cannot store";
    public const string NulMessage = "must not contain the NUL character (\\u0000), which PostgreSQL cannot store";

    private const int MaxDepth = 64;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Reads a required body: missing or empty is a 400.</summary>
    public static Task<BodyReadResult<T>> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class =>
        ReadCoreAsync<T>(request, maxBytes, emptyValue: null, itemsMember: null, cancellationToken);

    /// <summary>
    /// Reads a required body whose member <paramref name="itemsMember"/> is an array of items (a batch): when items do
    /// not bind, each is bound on its own so that every bad one is reported, not only the first the serializer met.
    /// </summary>
    public static Task<BodyReadResult<T>> ReadAsync<T>(HttpRequest request, long maxBytes, string itemsMember, CancellationToken cancellationToken)
        where T : class =>
        ReadCoreAsync<T>(request, maxBytes, emptyValue: null, itemsMember, cancellationToken);

    /// <summary>Reads an optional body (e.g. a trigger's): none at all gives <c>new T()</c>, as <c>{}</c> would.</summary>
    public static Task<BodyReadResult<T>> ReadOptionalAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class, new() =>
        ReadCoreAsync(request, maxBytes, emptyValue: () => new T(), itemsMember: null, cancellationToken);

    /// <summary>Binds an already parsed document (a merged PATCH) with the same checks and messages as a body.</summary>
    public static BodyReadResult<T> Bind<T>(JsonNode? document)
        where T : class
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, GnomonJson.InputOptions);
        return Parse<T>(bytes, itemsMember: null);
    }

    private static async Task<BodyReadResult<T>> ReadCoreAsync<T>(
        HttpRequest request, long maxBytes, Func<T>? emptyValue, string? itemsMember, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);

        var mayHaveBody = request.ContentLength is > 0 ||
            (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false);
        if (!mayHaveBody && string.IsNullOrEmpty(request.ContentType))
        {
            return Empty(emptyValue);
        }

        if (!IsAcceptedContentType(request))
        {
            return BodyReadResult<T>.Failure(
                StatusCodes.Status415UnsupportedMediaType,
                MediaTypeProblem.Title,
                MediaTypeProblem.Detail(request.Method));
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(Math.Max(request.ContentLength ?? 4096, 1), Math.Min(maxBytes + 1, 1 << 20)));
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(8192), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return TooLarge<T>(maxBytes);
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The server's own limits (Kestrel's MaxRequestBodySize, a malformed chunked body) surface here.
            return BodyReadResult<T>.Failure(ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload Too Large" : "Bad Request", ex.Message);
        }

        var body = buffer.WrittenSpan;
        if (body.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        if (IsBlank(body))
        {
            return Empty(emptyValue);
        }

        return Parse<T>(body, itemsMember);
    }

    private static BodyReadResult<T> Empty<T>(Func<T>? emptyValue)
        where T : class =>
        emptyValue is null
            ? BodyReadResult<T>.Invalid(InvalidBodyTitle, "", BodyRequiredMessage)
            : BodyReadResult<T>.Success(emptyValue());

    private static BodyReadResult<T> TooLarge<T>(long maxBytes)
        where T : class =>
        BodyReadResult<T>.Failure(
            StatusCodes.Status413PayloadTooLarge,
            "Payload Too Large",
            $"The request body exceeds the limit of {maxBytes} bytes.");

    private static bool IsAcceptedContentType(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return false;
        }

        var type = mediaType.MediaType;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            (HttpMethods.IsPatch(request.Method) && type.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static BodyReadResult<T> Parse<T>(ReadOnlySpan<byte> body, string? itemsMember)
        where T : class
    {
        if (FindSyntaxError(body) is { } syntax)
        {
            return BodyReadResult<T>.Invalid(syntax.Malformed ? MalformedTitle : InvalidBodyTitle, syntax.Path, syntax.Message);
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(body, GnomonJson.InputOptions);
        }
        catch (JsonException ex)
        {
            var path = JsonPaths.FromSerializerPath(ex.Path);
            var (resolvedPath, message) = Describe(typeof(T), path);
            if (itemsMember is not null && resolvedPath.StartsWith(itemsMember + "[", StringComparison.Ordinal)
                && BindEachItem(typeof(T), body, itemsMember) is { Count: > 0 } itemErrors)
            {
                return BodyReadResult<T>.Invalid(InvalidBodyTitle, itemErrors);
            }

            return BodyReadResult<T>.Invalid(InvalidBodyTitle, resolvedPath, message);
        }
        catch (NotSupportedException)
        {
            return BodyReadResult<T>.Invalid(InvalidBodyTitle, "", UnsupportedShapeMessage);
        }

        return value is null
            ? BodyReadResult<T>.Invalid(InvalidBodyTitle, "", "must be a JSON object")
            : BodyReadResult<T>.Success(value);
    }

    /// <summary>Binds each item of the array at <paramref name="itemsMember"/> of a syntactically valid body alone; the errors, keyed by full path.</summary>
    private static List<FieldError> BindEachItem(Type root, ReadOnlySpan<byte> body, string itemsMember)
    {
        var errors = new List<FieldError>();
        var options = GnomonJson.InputOptions;
        var itemType = options.GetTypeInfo(root).Properties.FirstOrDefault(p => string.Equals(p.Name, itemsMember, StringComparison.Ordinal)) is { } property
            ? options.GetTypeInfo(property.PropertyType).ElementType
            : null;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        using var document = JsonDocument.ParseValue(ref reader);
        if (itemType is null
            || document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty(itemsMember, out var items)
            || items.ValueKind != JsonValueKind.Array)
        {
            return errors;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemPath = JsonPaths.Index(itemsMember, index++);
            try
            {
                item.Deserialize(itemType, options);
            }
            catch (JsonException ex)
            {
                var (path, message) = Describe(itemType, JsonPaths.FromSerializerPath(ex.Path));
                errors.Add(new FieldError(JsonPaths.Under(itemPath, path), message));
            }
            catch (NotSupportedException)
            {
                errors.Add(new FieldError(itemPath, UnsupportedShapeMessage));
            }
        }

        return errors;
    }

    /// <summary>
    /// Explains a binding failure at <paramref name="path"/> from the type expected there, or as an unknown member
    /// when the path leads to no property. The serializer's own message is never shown: it names .NET types.
    /// </summary>
    private static (string Path, string Message) Describe(Type root, string path)
    {
        var options = GnomonJson.InputOptions;
        var segments = JsonPaths.Split(path);
        if (segments is null)
        {
            return (path, "has the wrong type");
        }

        var info = options.GetTypeInfo(root);
        foreach (var segment in segments)
        {
            Type? next = null;
            switch (segment)
            {
                case string name when info.Kind == JsonTypeInfoKind.Object:
                    next = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))?.PropertyType;
                    if (next is null)
                    {
                        return (path, UnknownFieldMessage);
                    }

                    break;
                case string when info.Kind == JsonTypeInfoKind.Dictionary:
                    next = info.ElementType;
                    break;
                case int when info.Kind == JsonTypeInfoKind.Enumerable:
                    next = info.ElementType;
                    break;
                default:
                    break;
            }

            if (next is null)
            {
                return (path, "has the wrong type");
            }

            info = options.GetTypeInfo(next);
        }

        return (path, ExpectationOf(info));
    }

    private static string ExpectationOf(JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return info.ElementType is { } element ? $"must be an array of {Plural(element)}" : "must be an array";
            case JsonTypeInfoKind.Dictionary:
                return info.ElementType is { } value ? $"must be an object with {Plural(value)} as values" : "must be an object";
            case JsonTypeInfoKind.Object:
                return "must be an object";
            default:
                break;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n));
            return $"must be one of {string.Join(", ", names)}";
        }

        return type switch
        {
            _ when type == typeof(string) => "must be a string",
            _ when type == typeof(bool) => "must be true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "must be an integer",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "must be a number",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => Rfc3339.Expectation,
            _ when type == typeof(Guid) => "must be a UUID string",
            _ => "has the wrong type",
        };
    }

    private static string Plural(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "strings",
            _ when type == typeof(int) || type == typeof(long) => "integers",
            _ when type == typeof(double) => "numbers",
            _ => "values of the documented shape",
        };
    }

    /// <summary>
    /// Walks the document with the reader alone; on a syntax error, where it happened (as a JSON path) and why. Valid
    /// JSON that no endpoint accepts is caught here too, with <c>Malformed</c> false: a member given twice in one object
    /// (the serializer would keep the last, so a proxy that checked the first could be bypassed) and a string or member
    /// name holding NUL (PostgreSQL refuses it in text and jsonb).
    /// </summary>
    private static (string Path, string Message, bool Malformed)? FindSyntaxError(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions
        {
            MaxDepth = MaxDepth,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        });

        var frames = new List<SyntaxFrame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var top = frames[^1];
                        var member = reader.GetString()!;
                        if (member.Contains('\0', StringComparison.Ordinal))
                        {
                            return (top.Path, NulInMemberNameMessage, false);
                        }

                        if (!top.Members!.Add(member))
                        {
                            return (JsonPaths.Combine(top.Path, member), DuplicateMemberMessage, false);
                        }

                        frames[^1] = top with { Member = member, ValueDone = false };
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var childPath = StartValue(frames);
                        var isArray = reader.TokenType == JsonTokenType.StartArray;
                        frames.Add(new SyntaxFrame(childPath, isArray, -1, null, false, isArray ? null : new HashSet<string>(StringComparer.Ordinal)));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        EndValue(frames);
                        break;
                    case JsonTokenType.String:
                        var valuePath = StartValue(frames);
                        // Unescaping checks for a lone surrogate (\ud800), which the reader accepts but nothing can later write.
                        if (reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                        {
                            return (valuePath, NulMessage, false);
                        }

                        EndValue(frames);
                        break;
                    default:
                        StartValue(frames);
                        EndValue(frames);
                        break;
                }
            }

            return null;
        }
        catch (InvalidOperationException)
        {
            return (FailurePath(frames), "is not valid JSON: a string has a \\u escape of an unpaired UTF-16 surrogate", true);
        }
        catch (JsonException ex)
        {
            var reason = ex.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0)
            {
                reason = reason[..cut];
            }

            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            return (FailurePath(frames), $"is not valid JSON at line {line}, column {column}: {reason.Trim()}", true);
        }
    }

    /// <summary>Moves to the value about to be read and returns its path.</summary>
    private static string StartValue(List<SyntaxFrame> frames)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var top = frames[^1];
        if (top.IsArray)
        {
            top = top with { Index = top.Index + 1 };
            frames[^1] = top;
            return JsonPaths.Index(top.Path, top.Index);
        }

        return top.Member is null ? top.Path : JsonPaths.Combine(top.Path, top.Member);
    }

    private static void EndValue(List<SyntaxFrame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { ValueDone = true };
        }
    }

    /// <summary>Where the reader stopped: inside a member whose value was being read, at the next element of an array, or at the container.</summary>
    private static string FailurePath(List<SyntaxFrame> frames)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var top = frames[^1];
        if (top.IsArray)
        {
            return JsonPaths.Index(top.Path, top.Index + 1);
        }

        return top.Member is null || top.ValueDone ? top.Path : JsonPaths.Combine(top.Path, top.Member);
    }

    /// <summary>A container being read: its path, the element index or member name currently inside it, and (objects) the members seen.</summary>
    private readonly record struct SyntaxFrame(string Path, bool IsArray, int Index, string? Member, bool ValueDone, HashSet<string>? Members);
}

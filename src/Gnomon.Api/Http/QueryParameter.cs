namespace Gnomon.Api.Http;

/// <summary>A query parameter as it was sent: typed <typeparamref name="T"/> in the OpenAPI document, parsed by <see cref="QueryReader"/>.</summary>
/// <remarks>
/// Binding one never fails. Bound as <typeparamref name="T"/> itself, a value that does not parse would get the framework's
/// bare 400 for the first such parameter; the reader instead names every bad parameter in one validation problem, each
/// with the rule it breaks (<c>limit: must be a whole number from 1 to 500</c>).
/// </remarks>
/// <param name="Text">The value as sent.</param>
internal readonly record struct QueryParameter<T>(string Text)
{
    /// <summary>Takes any text; the reader judges it.</summary>
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryParameter<T> parameter)
    {
        parameter = new QueryParameter<T>(text ?? "");
        return true;
    }
}

using Gnomon.Api.Contracts;

namespace Gnomon.Api.Http;

/// <summary>Keyset pages: a store query asks for one row more than the limit to know whether a next page exists.</summary>
internal static class Paging
{
    public static ListResponse<TOut> Page<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, Guid> key, Func<TIn, TOut> map)
    {
        var items = rows.Take(limit).Select(map).ToList();
        var next = rows.Count > limit ? key(rows[limit - 1]).ToString() : null;
        return new ListResponse<TOut> { Items = items, NextCursor = next };
    }
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Gnomon.Api.Http;

/// <summary>The paging parameters every list takes, bound with <c>[AsParameters]</c>.</summary>
internal record PageQuery
{
    [FromQuery(Name = "limit")]
    [Range(1, QueryReader.MaxLimit)]
    [QueryDefault(QueryReader.DefaultLimit)]
    [Description("Items per page.")]
    public QueryParameter<int>? Limit { get; init; }

    [FromQuery(Name = "cursor")]
    [Description("The nextCursor of the previous page; leave it out for the first page.")]
    public string? Cursor { get; init; }
}

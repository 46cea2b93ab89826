using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Gnomon.Api.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gnomon.Api.OpenApi;

/// <summary>Describes a <see cref="QueryParameter{T}"/> as the <c>T</c> it stands for (an integer, a boolean, an instant), not as the text it keeps.</summary>
/// <remarks>Each such schema is written inline in its parameter (<see cref="ReferenceId"/>): a shared component would carry the
/// range and default of whichever parameter was described first (<c>limit</c>'s 1–500 on <c>count</c>, whose range is 1–100).</remarks>
internal sealed class QueryParameterSchemaTransformer : IOpenApiSchemaTransformer
{
    /// <summary>The component name of a schema, none for a query parameter's.</summary>
    public static string? ReferenceId(JsonTypeInfo type) =>
        IsQueryParameter(type.Type) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!IsQueryParameter(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        var value = (Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type).GetGenericArguments()[0];
        (schema.Type, schema.Format) = value switch
        {
            _ when value == typeof(int) => (JsonSchemaType.Integer, "int32"),
            _ when value == typeof(bool) => (JsonSchemaType.Boolean, (string?)null),
            _ when value == typeof(DateTimeOffset) => (JsonSchemaType.String, "date-time"),
            _ => throw new NotSupportedException($"QueryParameter<{value.Name}> has no schema; add it here"),
        };
        schema.Properties?.Clear();
        schema.Required?.Clear();
        if (context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info }
            && info.GetCustomAttribute<QueryDefaultAttribute>() is { } fallback)
        {
            schema.Default = JsonValue.Create(fallback.Value);
        }

        return Task.CompletedTask;
    }

    private static bool IsQueryParameter(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(QueryParameter<>);
    }
}

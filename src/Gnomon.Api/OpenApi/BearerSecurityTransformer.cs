using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gnomon.Api.OpenApi;

/// <summary>Declares the API-key bearer scheme, so clients generated from the document and the reference page send the key.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeId = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from the node's Security:ApiKeys, as 'Authorization: Bearer <key>'. Not needed by 'gnomon dev'.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] });
        return Task.CompletedTask;
    }
}

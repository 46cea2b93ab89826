using System.Text.Json.Serialization;
using Gnomon.Domain.Executors;

namespace Gnomon.Api.Contracts;

/// <summary>A job's executor as the API shows it; <c>type</c> selects the shape.</summary>
/// <remarks>
/// Separate from the domain's <see cref="ExecutorSpec"/> because that hierarchy cannot be serialized as it stands:
/// the <c>[JsonIgnore]</c> on its abstract <c>Type</c> is not inherited by the overrides, which then clash with the
/// <c>type</c> discriminator.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HttpExecutorResponse), HttpExecutorSpec.TypeName)]
[JsonDerivedType(typeof(ShellExecutorResponse), ShellExecutorSpec.TypeName)]
[JsonDerivedType(typeof(HandlerExecutorResponse), HandlerExecutorSpec.TypeName)]
public abstract record ExecutorResponse
{
    public static ExecutorResponse From(ExecutorSpec spec) => spec switch
    {
        HttpExecutorSpec http => new HttpExecutorResponse
        {
            Url = http.Url.OriginalString,
            Method = http.Method,
            Headers = http.Headers,
            Body = http.Body,
            SuccessStatusCodes = http.SuccessStatusCodes,
        },
        ShellExecutorSpec shell => new ShellExecutorResponse
        {
            Command = shell.Command,
            Args = shell.Args,
            Env = shell.Env,
            WorkingDirectory = shell.WorkingDirectory,
        },
        HandlerExecutorSpec handler => new HandlerExecutorResponse { Handler = handler.Handler },
        null => throw new ArgumentNullException(nameof(spec)),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "Unknown executor type."),
    };
}

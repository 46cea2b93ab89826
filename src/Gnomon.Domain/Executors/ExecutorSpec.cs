using System.Text.Json.Serialization;

namespace Gnomon.Domain.Executors;

/// <summary>What an execution does; the <c>type</c> property selects the shape.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HttpExecutorSpec), HttpExecutorSpec.TypeName)]
[JsonDerivedType(typeof(ShellExecutorSpec), ShellExecutorSpec.TypeName)]
[JsonDerivedType(typeof(HandlerExecutorSpec), HandlerExecutorSpec.TypeName)]
public abstract record ExecutorSpec
{
    /// <summary>The discriminator, as written in JSON.</summary>
    [JsonIgnore]
    public abstract string Type { get; }
}

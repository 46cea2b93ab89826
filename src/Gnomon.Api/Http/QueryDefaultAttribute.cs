namespace Gnomon.Api.Http;

/// <summary>The value a <see cref="QueryParameter{T}"/> takes when it is left out, for the OpenAPI document.</summary>
/// <remarks>Not <see cref="System.ComponentModel.DefaultValueAttribute"/>: the document generator writes that one through the parameter's own type, which a plain value is not.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class QueryDefaultAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

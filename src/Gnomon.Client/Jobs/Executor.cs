using System.Text.Json.Serialization;

namespace Gnomon.Client.Jobs;

/// <summary>What a job runs: an <see cref="HttpExecutor"/>, a <see cref="ShellExecutor"/> or a <see cref="HandlerExecutor"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HttpExecutor), "http")]
[JsonDerivedType(typeof(ShellExecutor), "shell")]
[JsonDerivedType(typeof(HandlerExecutor), "handler")]
public abstract record Executor;

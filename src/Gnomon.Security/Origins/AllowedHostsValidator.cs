using Microsoft.Extensions.Options;

namespace Gnomon.Security.Origins;

/// <summary>Stops a node at start when an entry of <c>Security:AllowedHosts</c> is not a host pattern (a URL or a port, say).</summary>
internal sealed class AllowedHostsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
        options.AllowedHostsProblem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

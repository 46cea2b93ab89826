using Microsoft.Extensions.Options;

namespace Gnomon.Security;

/// <summary>Stops a node whose <see cref="SecurityOptions"/> would leave it open to anyone, at start.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

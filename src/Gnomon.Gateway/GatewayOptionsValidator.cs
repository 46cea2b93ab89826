using Microsoft.Extensions.Options;

namespace Gnomon.Gateway;

/// <summary>Refuses a gateway with no masters, or with one that is not a usable base URL.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string Example = "e.g. --Gateway:Masters:0=http://127.0.0.1:5001 --Gateway:Masters:1=http://127.0.0.1:5002";

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (options.Masters.Count == 0)
        {
            return ValidateOptionsResult.Fail($"no masters configured: set Gateway:Masters ({Example})");
        }

        var failures = new List<string>();
        var seen = new HashSet<Uri>();
        for (var i = 0; i < options.Masters.Count; i++)
        {
            var text = options.Masters[i];
            // A master serves at its root; a path here would be put before every forwarded one (/api/api/v1/...).
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                failures.Add($"Gateway:Masters:{i} ('{text}') is not an http(s) base URL such as http://127.0.0.1:5001");
            }
            else if (!seen.Add(uri))
            {
                failures.Add($"Gateway:Masters:{i} ('{text}') names a master already listed");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Net;
using System.Text.RegularExpressions;

namespace Gnomon.Testing.Hosting;

/// <summary>Signs in to the dashboard as a browser without scripts would: fetch the form, post the key with its anti-forgery token.</summary>
public static partial class DashboardSignIn
{
    /// <summary>A client that keeps cookies in <paramref name="cookies"/> and does not follow redirects, so a test sees them.</summary>
    public static HttpClient Browser(Uri address, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };

    /// <summary>Posts <paramref name="key"/> to the sign-in page and returns the answer (a redirect when it was accepted).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var form = await browser.GetStringAsync(new Uri("/dashboard/sign-in", UriKind.Relative));
        return await browser.PostAsync(new Uri("/dashboard/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["Form.Key"] = key,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

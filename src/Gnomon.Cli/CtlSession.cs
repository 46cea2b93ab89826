using System.CommandLine;
using Gnomon.Cli.Output;
using Gnomon.Client;

namespace Gnomon.Cli;

/// <summary>What one <c>gnomon ctl</c> command runs with: a client on the chosen server, and a printer for its output.</summary>
internal sealed class CtlSession : IDisposable
{
    private readonly HttpClient _http;

    private CtlSession(HttpClient http, Uri server, Printer printer, TextWriter error)
    {
        _http = http;
        Server = server;
        Client = new GnomonClient(http);
        Printer = printer;
        Error = error;
    }

    public Uri Server { get; }

    public GnomonClient Client { get; }

    public Printer Printer { get; }

    public TextWriter Error { get; }

    /// <summary>The session of <paramref name="result"/>; an unusable <c>--server</c> is an <see cref="ArgumentException"/> (usage).</summary>
    public static CtlSession Open(ParseResult result, TextWriter output, TextWriter error)
    {
        var server = result.GetValue(CtlOptions.Server) ?? Environment.GetEnvironmentVariable(CtlOptions.ServerVariable) ?? CtlOptions.DefaultServer;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--server must be an absolute http or https URL, such as {CtlOptions.DefaultServer}, not '{server}'");
        }

        var key = result.GetValue(CtlOptions.ApiKey) ?? Environment.GetEnvironmentVariable(CtlOptions.ApiKeyVariable);
        var http = new HttpClient();
        GnomonClientServiceCollectionExtensions.Configure(http, new GnomonClientOptions { BaseAddress = address, ApiKey = key });
        var printer = new Printer(output, CtlOptions.Format(result), result.GetValue(CtlOptions.Utc), IsTerminal(output));
        return new CtlSession(http, http.BaseAddress!, printer, error);
    }

    public void Dispose() => _http.Dispose();

    // Colours only for a person at a terminal: not into a file or a pipe, not when NO_COLOR asks (no-color.org).
    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";
}

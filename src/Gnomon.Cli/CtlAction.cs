using System.CommandLine;
using System.Net.Sockets;
using Gnomon.Client;

namespace Gnomon.Cli;

/// <summary>Runs a <c>ctl</c> command's work in a session and turns what can go wrong into a message and an exit code.</summary>
internal static class CtlAction
{
    public delegate Task<int> Work(CtlSession session, ParseResult result, CancellationToken cancellationToken);

    public static void Set(Command command, Work work) => command.SetAction(async (result, cancellationToken) =>
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        using var session = CtlSession.Open(result, output, error);
        try
        {
            return await work(session, result, cancellationToken);
        }
        catch (GnomonApiException ex)
        {
            await error.WriteLineAsync($"gnomon ctl: {ex.Message}");
            return ExitCodes.For(ex.StatusCode);
        }
        catch (CtlUsageException ex)
        {
            await error.WriteLineAsync($"gnomon ctl: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
            await error.WriteLineAsync($"gnomon ctl: cannot reach {session.Server}: {why} (is it running? set --server or ${CtlOptions.ServerVariable})");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"gnomon ctl: {session.Server} did not answer in time");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C, as 'executions watch' ends: a clean stop.
            return ExitCodes.Ok;
        }
    });
}

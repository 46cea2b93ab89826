using System.Net;

namespace Gnomon.Cli;

/// <summary>What <c>gnomon ctl</c> exits with, so that a script can tell the outcomes apart.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The call failed: the server could not be reached, refused the key, or an execution waited for did not succeed.</summary>
    public const int Failure = 1;

    /// <summary>The command or its input was wrong: an unknown option, a bad file, a field the API refused (400).</summary>
    public const int Usage = 2;

    /// <summary>The job or execution named does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>The change conflicts with the server's state: a taken name, a finished execution, a job changed meanwhile (409, 412).</summary>
    public const int Conflict = 4;

    /// <summary>The exit code for a refusal with <paramref name="status"/>.</summary>
    public static int For(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.RequestEntityTooLarge => Usage,
        HttpStatusCode.NotFound => NotFound,
        HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => Conflict,
        _ => Failure,
    };
}

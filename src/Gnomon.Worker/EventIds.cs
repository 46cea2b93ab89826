namespace Gnomon.Worker;

/// <summary>Every log event id of this project, in one place, so none is used twice; grouped by the type that logs it.</summary>
internal static class EventIds
{
    public const int WorkerServiceStarted = 400;
    public const int WorkerServiceDraining = 405;
    public const int WorkerServiceHandedBack = 406;
    public const int WorkerServiceHandBackFailed = 408;

    public const int ClaimLoopClaimFailed = 401;

    // One event wherever a row is set aside (at its claim or at its start): docs/operations.md names it.
    public const int ExecutionSetAside = 407;

    public const int ExecutionRunnerRunFailed = 402;

    public const int CompletionWriterLateCompletion = 403;

    public const int LeaseHeartbeatFailed = 404;

    public const int HttpExecutorSending = 4101;
    public const int HttpExecutorCompleted = 4102;
    public const int HttpExecutorCallFailed = 4103;
    public const int HttpExecutorRefused = 4104;
    public const int HttpExecutorCancelled = 4105;

    public const int ShellExecutorStarted = 4201;
    public const int ShellExecutorExited = 4202;
    public const int ShellExecutorStartFailed = 4203;
    public const int ShellExecutorDisabled = 4204;
    public const int ShellExecutorKilled = 4205;
    public const int ShellExecutorKillFailed = 4206;
    public const int ShellExecutorOutputAbandoned = 4207;

    public const int HandlerExecutorFailed = 4301;
    public const int HandlerExecutorIgnoredCancellation = 4302;
    public const int HandlerExecutorLateFailure = 4303;
}

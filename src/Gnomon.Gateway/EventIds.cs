namespace Gnomon.Gateway;

/// <summary>Every log event id of this project, in one place, so none is used twice; grouped by the type that logs it.</summary>
internal static class EventIds
{
    public const int IdempotentRetryMiddlewareRetrying = 600;
    public const int IdempotentRetryMiddlewareWaiting = 601;
}

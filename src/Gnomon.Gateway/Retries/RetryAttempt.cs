namespace Gnomon.Gateway.Retries;

/// <summary>What the retry middleware and the response transform tell each other about the current try.</summary>
internal sealed class RetryAttempt
{
    /// <summary>Whether another try may follow (another master is left, or the retry budget is not spent), so an unavailable answer may be held back.</summary>
    public bool MayRetry { get; set; }

    /// <summary>The 502/503/504 a master answered and that was kept from the client, so the request can go elsewhere.</summary>
    public int? HeldBackStatus { get; set; }
}

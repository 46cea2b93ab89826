using Gnomon.Domain.Executions;
using Gnomon.Domain.Retries;

namespace Gnomon.Domain.Tests.Retries;

public sealed class RetryDecisionTests
{
    private static readonly RetryPolicy ThreeAttempts = new(3, TimeSpan.FromSeconds(10), 2.0, TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(ExecutionStatus.Failed, 1, 10)]
    [InlineData(ExecutionStatus.TimedOut, 2, 20)]
    public void After_FailureWithAttemptsLeft_RetriesAfterThePolicysDelay(ExecutionStatus status, int attempt, int seconds)
    {
        var decision = RetryDecision.After(ThreeAttempts, status, attempt, jitterSample: 0.5);

        Assert.Equal(new RetryDecision(TimeSpan.FromSeconds(seconds), null), decision);
    }

    [Fact]
    public void After_LastOfSeveralAttemptsFailed_SaysSo()
    {
        var decision = RetryDecision.After(ThreeAttempts, ExecutionStatus.Failed, 3, 0.5);

        Assert.Equal(new RetryDecision(null, "failed after 3 attempts"), decision);
    }

    [Theory]
    [InlineData(ExecutionStatus.Succeeded, 1)]
    [InlineData(ExecutionStatus.Cancelled, 1)]
    [InlineData(ExecutionStatus.TimedOut, 3)]
    public void After_NothingToRetryOrSay_IsFinal(ExecutionStatus status, int attempt)
    {
        Assert.Same(RetryDecision.Final, RetryDecision.After(ThreeAttempts, status, attempt, 0.5));
    }

    [Fact]
    public void After_OnlyAttemptFailed_IsFinal()
    {
        Assert.Same(RetryDecision.Final, RetryDecision.After(RetryPolicy.Default, ExecutionStatus.Failed, 1, 0.5));
    }
}

using Gnomon.Worker.Engine;

namespace Gnomon.Worker.Tests.Engine;

public sealed class RunningExecutionTests
{
    [Fact]
    public void Cancel_FirstReasonWins_AndCancelsTheToken()
    {
        using var running = new RunningExecution(Guid.NewGuid(), new CancellationTokenSource());

        running.Cancel(CancelReason.Timeout);
        running.Cancel(CancelReason.LeaseLost);

        Assert.True(running.Token.IsCancellationRequested);
        Assert.Equal(CancelReason.Timeout, running.Reason);
    }

    [Fact]
    public void Cancel_AfterTheWorkEnded_DoesNothing()
    {
        // A heartbeat that found the lease gone can reach an execution that has just finished and been disposed.
        var running = new RunningExecution(Guid.NewGuid(), new CancellationTokenSource());
        running.Dispose();

        running.Cancel(CancelReason.LeaseLost);

        Assert.Equal(CancelReason.None, running.Reason);
    }
}

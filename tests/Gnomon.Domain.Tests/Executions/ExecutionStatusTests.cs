using Gnomon.Domain.Executions;

namespace Gnomon.Domain.Tests.Executions;

public sealed class ExecutionStatusTests
{
    [Theory]
    [InlineData(ExecutionStatus.Pending, 0)]
    [InlineData(ExecutionStatus.Claimed, 1)]
    [InlineData(ExecutionStatus.Running, 2)]
    [InlineData(ExecutionStatus.Succeeded, 3)]
    [InlineData(ExecutionStatus.Failed, 4)]
    [InlineData(ExecutionStatus.TimedOut, 5)]
    [InlineData(ExecutionStatus.Cancelled, 6)]
    [InlineData(ExecutionStatus.Skipped, 7)]
    public void Value_StoredInDatabase_NeverChanges(ExecutionStatus status, short expected)
    {
        Assert.Equal(expected, (short)status);
    }

    [Fact]
    public void Values_AreExactlyEight()
    {
        Assert.Equal(8, Enum.GetValues<ExecutionStatus>().Length);
    }

    [Theory]
    [InlineData(ExecutionStatus.Pending, false)]
    [InlineData(ExecutionStatus.Claimed, false)]
    [InlineData(ExecutionStatus.Running, false)]
    [InlineData(ExecutionStatus.Succeeded, true)]
    [InlineData(ExecutionStatus.Failed, true)]
    [InlineData(ExecutionStatus.TimedOut, true)]
    [InlineData(ExecutionStatus.Cancelled, true)]
    [InlineData(ExecutionStatus.Skipped, true)]
    public void IsFinal_EachStatus_IsTrueOnlyForEndStates(ExecutionStatus status, bool expected)
    {
        Assert.Equal(expected, status.IsFinal());
    }

    [Theory]
    [InlineData(ExecutionStatus.Pending, ExecutionStatus.Pending)]
    [InlineData(ExecutionStatus.Claimed, ExecutionStatus.Pending)]
    [InlineData(ExecutionStatus.Running, ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Succeeded, ExecutionStatus.Succeeded)]
    [InlineData(ExecutionStatus.Failed, ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.TimedOut, ExecutionStatus.TimedOut)]
    [InlineData(ExecutionStatus.Cancelled, ExecutionStatus.Cancelled)]
    [InlineData(ExecutionStatus.Skipped, ExecutionStatus.Skipped)]
    public void Public_EachStatus_HidesOnlyClaimed(ExecutionStatus status, ExecutionStatus expected)
    {
        Assert.Equal(expected, status.Public());
    }
}

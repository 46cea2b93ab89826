using Gnomon.Domain.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Domain.Tests.Jobs;

public sealed class JobLimitsTests
{
    [Theory]
    [InlineData("nightly", true)]
    [InlineData("...", true)]
    [InlineData(".a", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("0190a6f2-8f3b-7c4d-9e5f-0123456789ab", false)]
    [InlineData("0190a6f28f3b7c4d9e5f0123456789ab", false)]
    public void IsValidName_Name_TellsWhetherAJobMayHaveIt(string name, bool valid)
    {
        Assert.Equal(valid, JobLimits.IsValidName(name));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", false)]
    [InlineData("1999-12-31T23:59:59.999Z", false)]
    [InlineData("2000-01-01T00:00:00Z", true)]
    [InlineData("9999-12-31T23:59:59.999Z", true)]
    [InlineData("9999-12-31T23:59:59.9999999Z", false)]
    public void IsInstantInRange_Instant_AcceptsYears2000To9999(string instant, bool inRange)
    {
        Assert.Equal(inRange, JobLimits.IsInstantInRange(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void PartitionOf_SameId_IsStable()
    {
        var id = Guid.CreateVersion7();

        Assert.Equal(JobLimits.PartitionOf(id), JobLimits.PartitionOf(id));
        Assert.Equal(JobLimits.PartitionOf(id), JobLimits.PartitionOf(Guid.Parse(id.ToString())));
    }

    [Theory]
    [InlineData("0190a6f2-8f3b-7c4d-9e5f-0123456789ab", 5)]
    [InlineData("0190a6f2-8f3b-7c4d-9e5f-0123ff6789ab", 63)]
    [InlineData("0190a6f2-8f3b-7c4d-9e5f-0123406789ab", 0)]
    [InlineData("00000000-0000-0000-0000-000000000000", 0)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", 63)]
    public void PartitionOf_KnownId_IsPinnedAcrossVersions(string id, int expected)
    {
        // Partitions are leased by number, so the mapping must never change between releases.
        // The hash is the little-endian uint of the last four bytes, so the partition is the low 6 bits of byte 12.
        Assert.Equal(expected, JobLimits.PartitionOf(Guid.Parse(id)));
    }

    [Fact]
    public void PartitionOf_IdsDifferingOnlyInTimestamp_HashesOnRandomTail()
    {
        var a = Guid.Parse("0190a6f2-8f3b-7c4d-9e5f-0123456789ab");
        var b = Guid.Parse("0290b6f3-9f3c-7c4d-9e5f-0123456789ab");

        Assert.Equal(JobLimits.PartitionOf(a), JobLimits.PartitionOf(b));
    }

    [Fact]
    public void PartitionOf_ManyVersion7Ids_SpreadsEvenlyOverAllPartitions()
    {
        const int perPartition = 1000;
        var counts = new int[JobLimits.PartitionCount];

        for (var i = 0; i < JobLimits.PartitionCount * perPartition; i++)
        {
            var partition = JobLimits.PartitionOf(Guid.CreateVersion7());
            Assert.InRange(partition, 0, JobLimits.PartitionCount - 1);
            counts[partition]++;
        }

        Assert.All(counts, count => Assert.InRange(count, perPartition * 7 / 10, perPartition * 13 / 10));
    }

    [Fact]
    public void PartitionOf_IdsCreatedInTheSameMillisecondBurst_SpreadsEvenly()
    {
        // Jobs created in bulk share timestamps: only the random tail may decide the partition.
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00Z"));
        const int perPartition = 1000;
        var counts = new int[JobLimits.PartitionCount];

        for (var i = 0; i < JobLimits.PartitionCount * perPartition; i++)
        {
            if (i % 4096 == 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            counts[JobLimits.PartitionOf(Guid.CreateVersion7(clock.GetUtcNow()))]++;
        }

        Assert.All(counts, count => Assert.InRange(count, perPartition * 7 / 10, perPartition * 13 / 10));
    }

    [Fact]
    public void PartitionCount_Is64()
    {
        Assert.Equal(64, JobLimits.PartitionCount);
    }

    [Theory]
    [InlineData("nightly-report")]
    [InlineData("a.b_c-D9")]
    [InlineData("A")]
    [InlineData("0")]
    [InlineData("...")]
    [InlineData("default")]
    public void IsNameLike_OnlyNameAlphabet_ReturnsTrue(string name)
    {
        Assert.True(JobLimits.IsNameLike(name));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/x")]
    [InlineData("back\\slash")]
    [InlineData("colon:x")]
    [InlineData("tab\tx")]
    [InlineData("new\nline")]
    [InlineData("café")]
    [InlineData("Ｆullwidth")]
    [InlineData("٣")]
    [InlineData("rocket🚀")]
    [InlineData("per%cent")]
    [InlineData("plus+x")]
    [InlineData("x\0")]
    public void IsNameLike_CharacterOutsideAlphabet_ReturnsFalse(string name)
    {
        Assert.False(JobLimits.IsNameLike(name));
    }

    [Fact]
    public void IsNameLike_Empty_ReturnsTrueBecauseLengthIsCheckedSeparately()
    {
        // The method checks the alphabet only; the 1–200 length rule is the validator's (MaxNameLength).
        Assert.True(JobLimits.IsNameLike(""));
    }
}

using Gnomon.Domain.Jobs;
using Gnomon.Worker.Engine;

namespace Gnomon.Worker.Tests.Engine;

public sealed class QueueSubscriptionTests
{
    private const int DefaultConcurrency = 16;

    [Fact]
    public void Parse_OneName_TakesTheDefaultConcurrency()
    {
        var subscription = Assert.Single(QueueSubscription.Parse("default", DefaultConcurrency));

        Assert.Equal(new QueueSubscription("default", DefaultConcurrency), subscription);
        Assert.False(subscription.IsWildcard);
    }

    [Fact]
    public void Parse_NamesWithAndWithoutConcurrency_KeepsTheirOrderAndOwnConcurrency()
    {
        var subscriptions = QueueSubscription.Parse(" reports:4 , emails,billing-v2.eu:10000 ", DefaultConcurrency);

        Assert.Equal(
            [new QueueSubscription("reports", 4), new QueueSubscription("emails", DefaultConcurrency), new QueueSubscription("billing-v2.eu", 10_000)],
            subscriptions);
    }

    [Fact]
    public void Parse_SpacesAroundTheColon_AreIgnored()
    {
        Assert.Equal([new QueueSubscription("reports", 3)], QueueSubscription.Parse("reports : 3", DefaultConcurrency));
    }

    [Fact]
    public void Parse_EmptyEntries_AreSkipped()
    {
        Assert.Equal(["a", "b"], QueueSubscription.Parse(",a,, ,b,", DefaultConcurrency).Select(s => s.Queue));
    }

    [Theory]
    [InlineData("*", DefaultConcurrency)]
    [InlineData("*:8", 8)]
    public void Parse_Wildcard_IsAnyQueue(string spec, int concurrency)
    {
        var subscription = Assert.Single(QueueSubscription.Parse(spec, DefaultConcurrency));

        Assert.True(subscription.IsWildcard);
        Assert.Equal(QueueSubscription.AnyQueue, subscription.Queue);
        Assert.Equal(concurrency, subscription.Concurrency);
    }

    [Fact]
    public void Parse_WildcardBesideNamedQueues_KeepsBoth()
    {
        var subscriptions = QueueSubscription.Parse("critical:2,*", DefaultConcurrency);

        Assert.Equal([false, true], subscriptions.Select(s => s.IsWildcard));
    }

    [Fact]
    public void Parse_NameOfMaximumLength_IsAccepted()
    {
        var name = new string('q', JobLimits.MaxQueueLength);

        Assert.Equal(name, Assert.Single(QueueSubscription.Parse(name, DefaultConcurrency)).Queue);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("a/b")]
    [InlineData("queue*")]
    [InlineData("**")]
    [InlineData("köln")]
    [InlineData(":4")]
    public void Parse_NotAQueueName_ThrowsNamingTheEntry(string entry)
    {
        var error = Assert.Throws<FormatException>(() => QueueSubscription.Parse($"default,{entry}", DefaultConcurrency));

        Assert.Contains($"'{entry}' is not a queue name", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Worker:Queues: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NameLongerThanTheLimit_Throws()
    {
        var name = new string('q', JobLimits.MaxQueueLength + 1);

        var error = Assert.Throws<FormatException>(() => QueueSubscription.Parse(name, DefaultConcurrency));

        Assert.Contains("is not a queue name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:0")]
    [InlineData("a:10001")]
    [InlineData("a:-1")]
    [InlineData("a:+3")]
    [InlineData("a:x")]
    [InlineData("a:")]
    [InlineData("a:1.5")]
    [InlineData("a:1:2")]
    [InlineData("*:0")]
    public void Parse_ConcurrencyNotFrom1To10000_ThrowsNamingTheEntry(string entry)
    {
        var error = Assert.Throws<FormatException>(() => QueueSubscription.Parse(entry, DefaultConcurrency));

        Assert.Equal($"Worker:Queues: '{entry}' has a concurrency that is not a whole number from 1 to 10000", error.Message);
    }

    [Theory]
    [InlineData("a:1", 1)]
    [InlineData("a:10000", 10_000)]
    public void Parse_ConcurrencyAtTheBounds_IsAccepted(string spec, int concurrency)
    {
        Assert.Equal(concurrency, Assert.Single(QueueSubscription.Parse(spec, DefaultConcurrency)).Concurrency);
    }

    [Theory]
    [InlineData("a,a")]
    [InlineData("a:2, a:3")]
    [InlineData("*,b,*")]
    public void Parse_QueueListedTwice_Throws(string spec)
    {
        var error = Assert.Throws<FormatException>(() => QueueSubscription.Parse(spec, DefaultConcurrency));

        Assert.EndsWith("is listed twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(", ,")]
    public void Parse_NoQueue_ThrowsSayingOneIsRequired(string spec)
    {
        var error = Assert.Throws<FormatException>(() => QueueSubscription.Parse(spec, DefaultConcurrency));

        Assert.Contains("at least one queue is required", error.Message, StringComparison.Ordinal);
    }
}

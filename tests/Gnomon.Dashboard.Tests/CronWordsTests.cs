using Gnomon.Dashboard.Schedules;

namespace Gnomon.Dashboard.Tests;

public sealed class CronWordsTests
{
    [Theory]
    [InlineData("* * * * * *", "every second")]
    [InlineData("*/5 * * * * *", "every 5 seconds")]
    [InlineData("* * * * *", "every minute")]
    [InlineData("30 * * * * *", "every minute at second 30")]
    [InlineData("0 */15 * * * *", "every 15 minutes")]
    [InlineData("*/10 * * * *", "every 10 minutes")]
    [InlineData("0 5 * * * *", "every hour at :05")]
    [InlineData("0 30 9 * * MON-FRI", "at 09:30, on Mon–Fri")]
    [InlineData("30 9 * * 1-5", "at 09:30, on Mon–Fri")]
    [InlineData("0 0 8,20 * * *", "every day at 08:00 and 20:00")]
    [InlineData("0 0 */6 * * *", "every 6 hours at :00")]
    [InlineData("0 0 0 1 * *", "at 00:00, on day 1 of every month")]
    [InlineData("0 0 12 25 12 *", "at 12:00, on 25 Dec")]
    [InlineData("0 0 0 * * SAT,SUN", "at 00:00, on Sat, Sun")]
    [InlineData("@hourly", "every hour")]
    public void Describe_CommonShape_SaysItInWords(string cron, string words) => Assert.Equal(words, CronWords.Describe(cron));

    [Theory]
    [InlineData("0 0 12 L * *")]
    [InlineData("0 0 12 ? * MON#2")]
    [InlineData("0 1-5/2 * * * *")]
    [InlineData("not a cron")]
    [InlineData("")]
    public void Describe_OtherShape_SaysNothingRatherThanSomethingWrong(string cron) => Assert.Null(CronWords.Describe(cron));
}

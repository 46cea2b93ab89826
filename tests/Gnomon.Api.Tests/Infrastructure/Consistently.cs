namespace Gnomon.Api.Tests.Infrastructure;

/// <summary>The opposite of Eventually: a condition that must keep holding for a while (something that must not happen).</summary>
public static class Consistently
{
    /// <summary>Polls <paramref name="probe"/> for <paramref name="duration"/>; fails as soon as <paramref name="holds"/> is false.</summary>
    public static async Task HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan duration, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + duration;
        do
        {
            var value = await probe();
            Assert.True(holds(value), $"{what}; value: {value}");
            await Task.Delay(100);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);
    }
}

namespace Gnomon.Testing;

/// <summary>The opposite of <see cref="Eventually"/>: a condition that must keep holding for a while (something that must not happen).</summary>
public static class Consistently
{
    /// <summary>Polls <paramref name="probe"/> for <paramref name="duration"/>; fails as soon as <paramref name="holds"/> is false.</summary>
    /// <exception cref="InvalidOperationException">The condition stopped holding; the message says what and the value seen.</exception>
    public static async Task HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan duration, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(holds);
        var deadline = TimeProvider.System.GetUtcNow() + duration;
        do
        {
            var value = await probe();
            if (!holds(value))
            {
                throw new InvalidOperationException($"{what} stopped holding; value: {value}");
            }

            await Task.Delay(100);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);
    }
}

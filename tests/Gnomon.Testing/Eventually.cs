namespace Gnomon.Testing;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/>; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffsetNow() + (timeout ?? DefaultTimeout);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTimeOffsetNow() > deadline)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s waiting for {what}; last value: {last}");
            }

            await Task.Delay(50);
        }
    }

    public static Task WaitAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        WaitAsync(probe, ok => ok, what, timeout);

    // Deadlines are about real elapsed time, so they read the system clock through TimeProvider like everything else.
    private static DateTimeOffset DateTimeOffsetNow() => TimeProvider.System.GetUtcNow();
}

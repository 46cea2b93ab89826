using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Lag;

/// <summary>
/// Where the milliseconds between a slot's instant and the listener's arrival go, in this process: the worker's own
/// start (its <c>execution_start_lag</c>), the steps of <c>HttpClient</c> (System.Net.Http events: request start,
/// time waiting for a connection, connections opened and closed, request headers written, response headers read),
/// socket connects, DNS, the thread pool's queue and the GC, each timed against the second it falls in.
/// </summary>
/// <remarks>
/// Every call of the scenario falls due on a whole second and happens within a few hundred milliseconds after it, so
/// an event's offset within its second is its offset from the slot's instant. Events land in a queue from the thread
/// that raised them and are only read at the end.
/// </remarks>
internal sealed class LagTrace : IDisposable
{
    private readonly NetEvents _events;
    private readonly MeterListener _meters = new();
    private readonly Thread _sampler;
    private readonly ConcurrentQueue<(DateTime At, int Pending, int Threads)> _pool = new();
    private readonly ManualResetEventSlim _stopped = new();

    public LagTrace()
    {
        _events = new NetEvents();
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Gnomon.Worker" && instrument.Name == "execution_start_lag")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((_, value, _, _) => _events.Queue.Enqueue(("worker start", TimeProvider.System.GetUtcNow().UtcDateTime, value)));
        _meters.Start();
        // The pool's queue, sampled every millisecond around the instant: how much work waits for a thread when 100
        // timers fire at once, and whether the pool adds threads.
        _sampler = new Thread(SamplePool) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "lag-trace pool sampler" };
        _sampler.Start();
    }

    public void Dispose()
    {
        _stopped.Set();
        _sampler.Join();
        _stopped.Dispose();
        _meters.Dispose();
        _events.Dispose();
    }

    /// <summary>Prints, for each step, how far after the instant it happened (p50/p95/p99/max over the window).</summary>
    public void Report(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<HookCall> calls, TimeSpan gcPause, int gen0, int gen1, int gen2)
    {
        bool InWindow(DateTime at) => at >= from.UtcDateTime && at < to.UtcDateTime.AddSeconds(1);
        static double Offset(DateTime at) => (at.Ticks % TimeSpan.TicksPerSecond) / (double)TimeSpan.TicksPerMillisecond;

        var events = _events.Queue.Where(e => InWindow(e.At)).ToList();
        Console.WriteLine();
        Console.WriteLine("trace: offset from the slot's instant (ms) of each step, over the window");
        Console.WriteLine("| step | count | first of its second, p50 | p50 | p95 | p99 | max |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        void Row(string name, IEnumerable<(DateTime At, double Value)> values)
        {
            var list = values.ToList();
            var sorted = list.Select(v => v.Value).Order().ToList();
            if (sorted.Count == 0)
            {
                Console.WriteLine($"| {name} | 0 | | | | | |");
                return;
            }

            var firsts = list.GroupBy(v => v.At.Ticks / TimeSpan.TicksPerSecond).Select(g => g.Min(v => v.Value)).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {sorted.Count} | {Percentiles.Of(firsts, 50):0.0} | {Percentiles.Of(sorted, 50):0.0} | {Percentiles.Of(sorted, 95):0.0} | {Percentiles.Of(sorted, 99):0.0} | {sorted[^1]:0.0} |"));
        }

        // The worker's figure is its own lag, recorded when the work begins; the others are offsets of when they happened.
        Row("worker: work begins (execution_start_lag)", events.Where(e => e.Name == "worker start").Select(e => (e.At, e.Value)));
        foreach (var name in NetEvents.Steps)
        {
            Row(name, events.Where(e => e.Name == name).Select(e => (e.At, Offset(e.At))));
        }

        Row("listener: request arrives", calls.Where(c => c.Scheduled >= from && c.Scheduled < to).Select(c => (c.Scheduled.UtcDateTime, (c.Arrived - c.Scheduled).TotalMilliseconds)));
        Row("http: time waiting for a connection (value, ms)", events.Where(e => e.Name == NetEvents.LeftQueue).Select(e => (e.At, e.Value)));

        var slots = _pool.Where(s => InWindow(s.At) && Offset(s.At) < 100).GroupBy(s => s.At.Ticks / TimeSpan.TicksPerSecond).ToList();
        Row("thread pool: most work items queued, per second (0-100 ms)", slots.Select(g => (g.First().At, (double)g.Max(s => s.Pending))));
        Row("thread pool: threads, per second (0-100 ms)", slots.Select(g => (g.First().At, (double)g.Max(s => s.Threads))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC during the run: {gen0} gen0, {gen1} gen1, {gen2} gen2 collections, {gcPause.TotalMilliseconds:0} ms paused in all"));
    }

    private void SamplePool()
    {
        while (!_stopped.IsSet)
        {
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var offset = now.Ticks % TimeSpan.TicksPerSecond;
            if (offset < 100 * TimeSpan.TicksPerMillisecond)
            {
                _pool.Enqueue((now, (int)ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount));
                _stopped.Wait(1);
            }
            else
            {
                // Sleep to just before the next second.
                _stopped.Wait(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond - offset - (2 * TimeSpan.TicksPerMillisecond))));
            }
        }
    }

    /// <summary>The events of System.Net.Http, System.Net.Sockets and System.Net.NameResolution, by step.</summary>
    private sealed class NetEvents : EventListener
    {
        public const string LeftQueue = "http: request leaves the connection queue";

        private static readonly Dictionary<(string Source, string Event), string> s_names = new()
        {
            [("System.Net.Http", "RequestStart")] = "http: request starts (SendAsync)",
            [("System.Net.Http", "RequestLeftQueue")] = LeftQueue,
            [("System.Net.Http", "ConnectionEstablished")] = "http: connection established",
            [("System.Net.Http", "ConnectionClosed")] = "http: connection closed",
            [("System.Net.Http", "RequestHeadersStart")] = "http: request headers start",
            [("System.Net.Http", "RequestHeadersStop")] = "http: request headers written",
            [("System.Net.Http", "ResponseHeadersStop")] = "http: response headers read",
            [("System.Net.Http", "RequestStop")] = "http: request ends",
            [("System.Net.Http", "RequestFailed")] = "http: request failed",
            [("System.Net.Sockets", "ConnectStart")] = "sockets: connect starts",
            [("System.Net.Sockets", "ConnectStop")] = "sockets: connect ends",
            [("System.Net.NameResolution", "ResolutionStart")] = "dns: resolution starts",
        };

        public static IEnumerable<string> Steps => s_names.Values;

        public ConcurrentQueue<(string Name, DateTime At, double Value)> Queue { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name is "System.Net.Http" or "System.Net.Sockets" or "System.Net.NameResolution")
            {
                EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is { } name && s_names.TryGetValue((eventData.EventSource.Name, name), out var step))
            {
                var value = name == "RequestLeftQueue" && eventData.Payload is [double waited, ..] ? waited : 0;
                Queue.Enqueue((step, eventData.TimeStamp.ToUniversalTime(), value));
            }
        }
    }
}

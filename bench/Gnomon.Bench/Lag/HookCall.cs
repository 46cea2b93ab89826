namespace Gnomon.Bench.Lag;

/// <summary>One call a listener received: the job (from the path), the slot it fires for, and when it arrived.</summary>
internal readonly record struct HookCall(string Job, DateTimeOffset Scheduled, DateTimeOffset Arrived);

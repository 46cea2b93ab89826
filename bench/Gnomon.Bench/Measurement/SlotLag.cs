namespace Gnomon.Bench.Measurement;

/// <summary>One slot of a precision run: its instant, how many fires it had, and the latest of them.</summary>
internal sealed record SlotLag(DateTimeOffset Slot, int Fires, double MaxLagMs);

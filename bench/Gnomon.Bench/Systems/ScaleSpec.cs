namespace Gnomon.Bench.Systems;

/// <summary>
/// Creates up to <see cref="Jobs"/> jobs of <see cref="ScaleMix"/>, stopping early when
/// <see cref="CreateBudget"/> is spent; then samples get and list latency <see cref="Samples"/> times each and
/// watches the fires for <see cref="FireSeconds"/>.
/// </summary>
internal sealed record ScaleSpec(int Jobs, TimeSpan CreateBudget, int Samples, int FireSeconds);

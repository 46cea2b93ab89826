namespace Gnomon.Bench.Systems;

internal enum ScaleKind
{
    EveryMinute,
    Hourly,
    Daily,
}

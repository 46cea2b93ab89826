using System.Globalization;
using Gnomon.Bench.Suite;
using ScottPlot;

namespace Gnomon.Bench.Reports;

/// <summary>The suite's charts, drawn with ScottPlot as SVG: lag distribution per system, throughput bars.</summary>
internal static class Charts
{
    private static readonly Color[] Palette = [Colors.SeaGreen, Colors.SteelBlue, Colors.DarkOrange, Colors.Purple];

    public static IReadOnlyList<Chart> Draw(SuiteResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        var charts = new List<Chart>();
        foreach (var group in results.Precision.Where(r => r.Precision is not null).GroupBy(r => r.Precision!.Jobs))
        {
            var plot = new Plot();
            var i = 0;
            foreach (var r in group)
            {
                var curve = r.Precision!.Curve;
                // Lag on a log axis, so milliseconds and tens of seconds share one chart.
                var ys = curve.Select(v => Math.Log10(Math.Max(v, 0.1))).ToArray();
                var line = plot.Add.ScatterLine(Enumerable.Range(0, curve.Count).Select(p => (double)p).ToArray(), ys);
                line.LegendText = r.System;
                line.Color = Palette[i++ % Palette.Length];
                line.LineWidth = 2;
            }

            plot.Axes.Left.TickGenerator = LogTicks();
            plot.Title(F($"Fire lag, {group.Key:N0} jobs every second"));
            plot.XLabel("percentile of fires");
            plot.YLabel("lag (ms, log scale)");
            plot.ShowLegend(Alignment.UpperLeft);
            var path = Path.Combine(directory, F($"precision-{group.Key}.svg"));
            plot.SaveSvg(path, 720, 420);
            charts.Add(new Chart(F($"Fire lag by percentile, {group.Key:N0} jobs"), path));
        }

        var throughput = results.Throughput.Where(r => r.Throughput is not null).ToList();
        if (throughput.Count > 0)
        {
            var plot = new Plot();
            var bars = throughput.Select((r, i) => new Bar
            {
                Position = i,
                Value = Math.Log10(Math.Max(r.Throughput!.EndToEndPerSecond, 1)),
                FillColor = Palette[i % Palette.Length],
                Label = r.Throughput.EndToEndPerSecond.ToString("N0", CultureInfo.InvariantCulture),
            }).ToArray();
            var barPlot = plot.Add.Bars(bars);
            barPlot.ValueLabelStyle.FontSize = 14;
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, throughput.Count).Select(i => (double)i).ToArray(), throughput.Select(r => r.System).ToArray());
            plot.Axes.Left.TickGenerator = LogTicks();
            plot.Axes.Margins(bottom: 0);
            plot.Title("No-op executions per second, end to end");
            plot.YLabel("executions/s (log scale)");
            var path = Path.Combine(directory, "throughput.svg");
            plot.SaveSvg(path, 720, 420);
            charts.Add(new Chart("Executions per second, end to end", path));
        }

        return charts;
    }

    /// <summary>Ticks for an axis that holds log10 of the values: whole powers of ten, labelled with the value.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = exponent => Math.Pow(10, exponent).ToString("#,0.###", CultureInfo.InvariantCulture),
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

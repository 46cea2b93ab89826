namespace Gnomon.Bench.Reports;

/// <summary>A chart written to disk.</summary>
internal sealed record Chart(string Title, string Path);

using System.Runtime.CompilerServices;

// The address classification, output truncation and the engine's small parts are tested directly.
[assembly: InternalsVisibleTo("Gnomon.Worker.Tests")]

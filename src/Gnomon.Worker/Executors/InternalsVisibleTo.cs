using System.Runtime.CompilerServices;

// The address classification and output truncation are tested directly.
[assembly: InternalsVisibleTo("Gnomon.Worker.Tests")]

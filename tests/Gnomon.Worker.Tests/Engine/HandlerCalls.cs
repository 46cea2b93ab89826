using System.Collections.Concurrent;
using Gnomon.Worker.Handlers;

namespace Gnomon.Worker.Tests.Engine;

/// <summary>What the test handlers were asked to run, in order; shared by every handler instance of one node.</summary>
internal sealed class HandlerCalls
{
    public ConcurrentQueue<JobContext> Calls { get; } = new();
}

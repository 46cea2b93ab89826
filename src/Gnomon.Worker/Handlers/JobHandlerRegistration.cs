namespace Gnomon.Worker.Handlers;

/// <summary>One <c>AddHandler</c> call, kept in the service collection as a singleton instance.</summary>
internal sealed record JobHandlerRegistration(string Name, Type HandlerType);

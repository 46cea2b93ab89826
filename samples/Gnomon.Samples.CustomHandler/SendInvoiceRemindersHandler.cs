using System.Text.Json;
using Gnomon.Worker.Handlers;

namespace Gnomon.Samples.CustomHandler;

/// <summary>
/// A handler: gets the execution's context (id, attempt, nominal instant, the job's payload) and a token that fires
/// on timeout or cancellation. Throwing marks the attempt failed (and retried per the job's retry policy), so make it
/// idempotent: the same slot can run again after a worker dies.
/// </summary>
internal sealed class SendInvoiceRemindersHandler(InvoiceReminderService reminders) : IJobHandler
{
    public async Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        var maxBatch = context.Payload is { ValueKind: JsonValueKind.Object } payload && payload.TryGetProperty("maxBatch", out var m) ? m.GetInt32() : 100;
        var sent = await reminders.SendDueRemindersAsync(maxBatch, cancellationToken);
        return new HandlerResult { Output = $"sent {sent} reminders for slot {context.ScheduledAt:O} (attempt {context.Attempt})" };
    }
}

namespace Gnomon.Samples.CustomHandler;

/// <summary>Stands in for your application's own service, resolved from DI like anything else.</summary>
internal sealed class InvoiceReminderService(TimeProvider timeProvider)
{
    public Task<int> SendDueRemindersAsync(int maxBatch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A real service would query invoices due before now and send at most maxBatch reminders.
        var now = timeProvider.GetUtcNow();
        return Task.FromResult(now.Second % 2 == 0 ? Math.Min(maxBatch, 3) : Math.Min(maxBatch, 2));
    }
}

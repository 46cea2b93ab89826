// A worker in your own host, running your own handler.
//
// 1. Start Gnomon with its built-in worker on the default queue only, so the "invoices" queue is left to this host:
//      ./gnomon dev --Worker:Queues=default          (it prints the embedded PostgreSQL port)
// 2. Run this host on the same database:
//      ConnectionStrings__Gnomon="Host=127.0.0.1;Port=<port>;Username=postgres;Database=gnomon" \
//        dotnet run --project samples/Gnomon.Samples.CustomHandler -- --Worker:Queues=invoices
// 3. Create a job for it:
//      curl -X PUT http://127.0.0.1:5050/api/v1/jobs/invoice-reminders -H 'Content-Type: application/json' \
//        -d '{"schedule":{"cron":"*/5 * * * * *"},"queue":"invoices","payload":{"maxBatch":10},
//             "executor":{"type":"handler","handler":"send-invoice-reminders"}}'
//    Its executions show "output": "sent 3 reminders for slot …".
using Gnomon.Samples.CustomHandler;
using Gnomon.Store;
using Gnomon.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var connectionString = builder.Configuration.GetConnectionStringOrThrow("Gnomon");
builder.Services.AddSingleton<InvoiceReminderService>();
builder.Services.AddGnomonStore(connectionString);
builder.Services.AddGnomonWorker().AddHandler<SendInvoiceRemindersHandler>("send-invoice-reminders");
await builder.Build().RunAsync();

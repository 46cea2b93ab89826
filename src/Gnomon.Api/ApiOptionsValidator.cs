using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Api;

/// <summary>Stops a node at start whose API could take the connections the scheduler and the worker need.</summary>
internal sealed class ApiOptionsValidator(NpgsqlDataSource dataSource) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var poolSize = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;
        return options.MaxConcurrentRequests + ApiOptions.ReservedConnections > poolSize
            ? ValidateOptionsResult.Fail(
                $"Api:MaxConcurrentRequests ({options.MaxConcurrentRequests}) leaves fewer than {ApiOptions.ReservedConnections} of the "
                + $"{poolSize} pooled connections (Max Pool Size in ConnectionStrings:Gnomon) to the scheduler and the worker; lower it or raise Max Pool Size")
            : ValidateOptionsResult.Success;
    }
}

using Npgsql;
using NpgsqlTypes;

namespace Gnomon.Store;

/// <summary>Typed positional parameters, so nulls carry their PostgreSQL type.</summary>
internal static class ParameterExtensions
{
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }

    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value)
        where T : notnull
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, T value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, T value)
        where T : notnull
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    public static DateTimeOffset? GetInstantOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? GetStringOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? GetGuidOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
}

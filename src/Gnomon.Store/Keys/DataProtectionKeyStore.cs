using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Gnomon.Store.Keys;

/// <summary>ASP.NET Core Data Protection's key ring in PostgreSQL, so that every node reads what any node protected (the dashboard's sign-in cookie, behind a gateway that spreads requests).</summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; Data Protection reads the ring when a node first needs it and then about
/// once a day, and writes a key when it creates one (every 90 days), so these few calls block a thread briefly.
/// The keys are stored as Data Protection writes them, which on Linux is unencrypted: the database's access control
/// protects them, as the file system's does by default.
/// </remarks>
public sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("select xml from gnomon_data_protection_keys order by id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = dataSource.CreateCommand("insert into gnomon_data_protection_keys (friendly_name, xml) values ($1, $2)")
            .With(friendlyName, NpgsqlTypes.NpgsqlDbType.Text)
            .With(element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}

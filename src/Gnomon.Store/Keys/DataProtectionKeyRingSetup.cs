using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Gnomon.Store.Keys;

/// <summary>Points Data Protection at <see cref="DataProtectionKeyStore"/> instead of the file system.</summary>
internal sealed class DataProtectionKeyRingSetup(DataProtectionKeyStore store) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options) => options.XmlRepository = store;
}

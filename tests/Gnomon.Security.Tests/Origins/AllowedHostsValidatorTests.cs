using Gnomon.Security.Origins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Security.Tests.Origins;

public sealed class AllowedHostsValidatorTests
{
    private readonly AllowedHostsValidator _validator = new();

    [Theory]
    [InlineData("gnomon.example.com")]
    [InlineData("*.example.com")]
    [InlineData("*")]
    [InlineData("10.0.0.5")]
    [InlineData("[::1]")]
    [InlineData("[2001:db8::1]")]
    [InlineData("  padded.example.com  ")]
    public void Validate_HostPattern_Succeeds(string host)
    {
        Assert.True(_validator.Validate(null, new SecurityOptions { AllowedHosts = [host] }).Succeeded);
    }

    [Fact]
    public void Validate_NoAllowedHosts_Succeeds()
    {
        Assert.True(_validator.Validate(null, new SecurityOptions()).Succeeded);
    }

    [Theory]
    [InlineData("https://gnomon.example.com:443")]
    [InlineData("gnomon.example.com:8443")]
    [InlineData("gnomon.example.com/api")]
    [InlineData("::1")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two words.example.com")]
    public void Validate_NotAHostPattern_FailsSayingWhatIsExpected(string host)
    {
        var result = _validator.Validate(null, new SecurityOptions { AllowedHosts = [host] });

        Assert.True(result.Failed);
        Assert.StartsWith("Security:AllowedHosts:0 ", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("without scheme or port", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadEntryAfterGoodOnes_NamesItsIndex()
    {
        var result = _validator.Validate(null, new SecurityOptions { AllowedHosts = ["a.example.com", "*.example.org", "b.example.com:80"] });

        Assert.StartsWith("Security:AllowedHosts:2 ('b.example.com:80')", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGnomonRequestSourceGuard_AllowedHostWithSchemeAndPort_FailsAtStartNamingTheEntry()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Security:AllowedHosts:0"] = "https://gnomon.example.com:443" })
                .Build())
            .AddGnomonRequestSourceGuard()
            .BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Security:AllowedHosts:0", failure.Message, StringComparison.Ordinal);
    }
}

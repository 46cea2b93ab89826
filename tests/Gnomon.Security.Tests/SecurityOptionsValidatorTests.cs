namespace Gnomon.Security.Tests;

public sealed class SecurityOptionsValidatorTests
{
    private const string UsableKey = "0123456789abcdef";

    private readonly SecurityOptionsValidator _validator = new();

    [Fact]
    public void Validate_UsableKeys_Succeeds()
    {
        var result = _validator.Validate(null, new SecurityOptions { ApiKeys = [UsableKey, UsableKey + "-second"] });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_NoKeyAndNotAnonymous_FailsSayingHowToSetOneOrServeWithout()
    {
        var result = _validator.Validate(null, new SecurityOptions());

        Assert.True(result.Failed);
        Assert.StartsWith("no API key configured", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKeys", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("--insecure", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyOfTheMinimumLength_Succeeds()
    {
        Assert.Equal(SecurityOptions.MinimumKeyLength, UsableKey.Length);

        Assert.True(_validator.Validate(null, new SecurityOptions { ApiKeys = [UsableKey] }).Succeeded);
    }

    [Theory]
    [InlineData(new[] { "0123456789abcde" }, 0)]
    [InlineData(new[] { UsableKey, "" }, 1)]
    [InlineData(new[] { UsableKey, "short", "tiny" }, 1)]
    public void Validate_KeyShorterThanTheMinimum_FailsNamingTheFirstOne(string[] keys, int index)
    {
        var result = _validator.Validate(null, new SecurityOptions { ApiKeys = keys });

        Assert.Equal($"Security:ApiKeys:{index} is shorter than {SecurityOptions.MinimumKeyLength} characters", result.FailureMessage);
    }

    [Fact]
    public void Validate_MissingKey_FailsNamingItsPosition()
    {
        var result = _validator.Validate(null, new SecurityOptions { ApiKeys = [UsableKey, null!] });

        Assert.Equal($"Security:ApiKeys:1 is shorter than {SecurityOptions.MinimumKeyLength} characters", result.FailureMessage);
    }

    [Fact]
    public void Validate_AnonymousAllowed_SucceedsWithoutKeys()
    {
        Assert.True(_validator.Validate(null, new SecurityOptions { AllowAnonymous = true }).Succeeded);
    }

    [Fact]
    public void Validate_AnonymousAllowed_DoesNotJudgeTheKeys()
    {
        // Served without a key anyway, so a short key guards nothing that is not already open.
        Assert.True(_validator.Validate(null, new SecurityOptions { AllowAnonymous = true, ApiKeys = ["short"] }).Succeeded);
    }
}

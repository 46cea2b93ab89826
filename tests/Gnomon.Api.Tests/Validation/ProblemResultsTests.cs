using Gnomon.Api.Validation;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Tests.Validation;

public sealed class ProblemResultsTests
{
    [Fact]
    public void ToDictionary_RepeatedPaths_GroupsMessagesInOrder()
    {
        var errors = ProblemResults.ToDictionary([new FieldError("b", "1"), new FieldError("a", "2"), new FieldError("b", "3"), new FieldError("b", "1")]);

        Assert.Equal(["b", "a"], errors.Keys);
        Assert.Equal(["1", "3"], errors["b"]);
    }
}

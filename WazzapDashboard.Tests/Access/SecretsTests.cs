using WazzapDashboard.Access;

namespace WazzapDashboard.Tests.Access;

public class SecretsTests
{
    [Theory]
    [InlineData("token", "token", true)]
    [InlineData("token", "tokeN", false)]
    [InlineData("token", "token-longer", false)]
    [InlineData("", "", false)]
    [InlineData("token", null, false)]
    [InlineData(null, "token", false)]
    public void ComparesSecrets(string? given, string? expected, bool equal) =>
        Assert.Equal(equal, Secrets.Equal(given, expected));
}

using Microsoft.Extensions.Options;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

public class WallOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("3601")]
    public async Task AWallPageTimeOutOfRangeStopsTheStart(string seconds)
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Wall:PageSeconds"] = seconds });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Services);

        Assert.Contains("PageSeconds", error.Message);
    }
}

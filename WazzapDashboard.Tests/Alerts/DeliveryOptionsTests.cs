using WazzapDashboard.Alerts;

namespace WazzapDashboard.Tests.Alerts;

public class DeliveryOptionsTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 960)]
    [InlineData(7, 1800)]
    [InlineData(40, 1800)]
    public void BackoffDoublesFromTheFirstWaitUpToTheCap(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new DeliveryOptions().Backoff(attempts));
}

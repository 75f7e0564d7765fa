using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class ReasonClassifierTests
{
    [Theory]
    [InlineData("Linked device session expired: phone offline", ReasonCategory.PhoneOffline)]
    [InlineData("Phone has not been online for 14 days", ReasonCategory.PhoneOffline)]
    [InlineData("device inactive for two weeks", ReasonCategory.PhoneOffline)]
    [InlineData("Session expired", ReasonCategory.PhoneOffline)]
    [InlineData("Disconnected: another device (WhatsApp Web) took the session", ReasonCategory.SlotReused)]
    [InlineData("Maximum number of linked devices reached", ReasonCategory.SlotReused)]
    [InlineData("session replaced by a newer session", ReasonCategory.SlotReused)]
    [InlineData("Account banned by WhatsApp", ReasonCategory.Banned)]
    [InlineData("This number is blocked for policy violations", ReasonCategory.Banned)]
    [InlineData("account suspended (spam)", ReasonCategory.Banned)]
    [InlineData("logged out from linked devices", ReasonCategory.LoggedOut)]
    [InlineData("User LOGGED_OUT", ReasonCategory.LoggedOut)]
    [InlineData("Device unlinked by user", ReasonCategory.LoggedOut)]
    [InlineData("SIM swap detected", ReasonCategory.DeviceChanged)]
    [InlineData("WhatsApp restored on a new phone", ReasonCategory.DeviceChanged)]
    [InlineData("number re-registered on another handset after reinstall", ReasonCategory.DeviceChanged)]
    [InlineData("WhatsApp app update", ReasonCategory.AppUpdate)]
    [InlineData("Scheduled maintenance window", ReasonCategory.AppUpdate)]
    [InlineData("Stream error 515", ReasonCategory.Unknown)]
    [InlineData("", ReasonCategory.Unknown)]
    [InlineData(null, ReasonCategory.Unknown)]
    public void ClassifiesReasonsByMeaning(string? reason, ReasonCategory expected) =>
        Assert.Equal(expected, ReasonClassifier.Classify(reason));

    [Fact]
    public void FallsBackToTheEventTypeWhenThereIsNoReason() =>
        Assert.Equal(ReasonCategory.LoggedOut, ReasonClassifier.Classify(null, "logout"));

    [Theory]
    [InlineData("WhatsApp account is banned", true)]
    [InlineData("Number blocked by Meta", true)]
    [InlineData("WhatsApp account is disconnected", false)]
    [InlineData(null, false)]
    public void RecognisesBans(string? reason, bool banned) => Assert.Equal(banned, ReasonClassifier.SaysBanned(reason));
}

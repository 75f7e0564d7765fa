using WazzapDashboard.Fleet;
using WazzapDashboard.Reconciliation;

namespace WazzapDashboard.Tests.Reconciliation;

public class DeviceStatusesTests
{
    // The meaning table in DeviceStatuses, row by row, with real-world spellings.
    [Theory]
    [InlineData("banned", DeviceState.Banned)]
    [InlineData("BLOCKED", DeviceState.Banned)]
    [InlineData("account_suspended", DeviceState.Banned)]
    [InlineData("restricted", DeviceState.Banned)]
    [InlineData("disconnected", DeviceState.Disconnected)]
    [InlineData("logged_out", DeviceState.Disconnected)]
    [InlineData("logout", DeviceState.Disconnected)]
    [InlineData("offline", DeviceState.Disconnected)]
    [InlineData("closed", DeviceState.Disconnected)]
    [InlineData("unpaired", DeviceState.Disconnected)]
    [InlineData("not-paired", DeviceState.Disconnected)]
    [InlineData("session expired", DeviceState.Disconnected)]
    [InlineData("qr_required", DeviceState.Disconnected)]
    [InlineData("failed", DeviceState.Disconnected)]
    [InlineData("stopped", DeviceState.Disconnected)]
    [InlineData("inactive", DeviceState.Disconnected)]
    [InlineData("connecting", DeviceState.Transitional)]
    [InlineData("reconnecting", DeviceState.Transitional)]
    [InlineData("initializing", DeviceState.Transitional)]
    [InlineData("starting", DeviceState.Transitional)]
    [InlineData("syncing", DeviceState.Transitional)]
    [InlineData("pending", DeviceState.Transitional)]
    [InlineData("connected", DeviceState.Connected)]
    [InlineData(" Connected ", DeviceState.Connected)]
    [InlineData("online", DeviceState.Connected)]
    [InlineData("open", DeviceState.Connected)]
    [InlineData("active", DeviceState.Connected)]
    [InlineData("ready", DeviceState.Connected)]
    [InlineData("authenticated", DeviceState.Connected)]
    [InlineData("working", DeviceState.Connected)]
    [InlineData("hibernating", DeviceState.Unrecognised)]
    [InlineData("", DeviceState.Unrecognised)]
    [InlineData(null, DeviceState.Unrecognised)]
    public void StatusesAreReadByTheirMeaning(string? status, DeviceState meaning) => Assert.Equal(meaning, DeviceStatuses.Meaning(status));

    // The difference table, row by row; "none" is a number not on the roster.
    [Theory]
    [InlineData("connected", DeviceState.Connected, null)]
    [InlineData("unknown", DeviceState.Connected, PollEvents.Connected)]
    [InlineData("disconnected", DeviceState.Connected, PollEvents.Connected)]
    [InlineData("banned", DeviceState.Connected, PollEvents.Connected)]
    [InlineData("none", DeviceState.Connected, PollEvents.Connected)]
    [InlineData("disconnected", DeviceState.Disconnected, null)]
    [InlineData("banned", DeviceState.Disconnected, null)]
    [InlineData("connected", DeviceState.Disconnected, PollEvents.Disconnected)]
    [InlineData("unknown", DeviceState.Disconnected, PollEvents.Disconnected)]
    [InlineData("none", DeviceState.Disconnected, PollEvents.Disconnected)]
    [InlineData("banned", DeviceState.Banned, null)]
    [InlineData("connected", DeviceState.Banned, PollEvents.Disconnected)]
    [InlineData("disconnected", DeviceState.Banned, PollEvents.Disconnected)]
    [InlineData("none", DeviceState.Banned, PollEvents.Disconnected)]
    [InlineData("connected", DeviceState.Transitional, null)]
    [InlineData("none", DeviceState.Transitional, null)]
    [InlineData("disconnected", DeviceState.Unrecognised, null)]
    [InlineData("none", DeviceState.Unrecognised, null)]
    public void ADifferenceIsRecordedAsTheTableSays(string ours, DeviceState device, string? eventType) =>
        Assert.Equal(eventType, DeviceStatuses.Difference(ours == "none" ? null : WireNames.FromWire<NumberStatus>(ours), device));

    [Theory]
    [InlineData("banned", NumberStatus.Banned, ReasonCategory.Banned)]
    [InlineData("suspended", NumberStatus.Banned, ReasonCategory.Banned)]
    [InlineData("logged_out", NumberStatus.Disconnected, ReasonCategory.LoggedOut)]
    [InlineData("offline", NumberStatus.Disconnected, ReasonCategory.PhoneOffline)]
    [InlineData("disconnected", NumberStatus.Disconnected, ReasonCategory.Unknown)]
    public void ThePollEventsRawStatusIsClassifiedLikeAWebhooksReason(string raw, NumberStatus status, ReasonCategory category) =>
        Assert.Equal(new EventOutcome(status, category), StatusRules.Outcome(PollEvents.Disconnected, raw));

    [Fact]
    public void APollSayingConnectedDoesNotProveThePhoneWasOnline() =>
        Assert.Equal(new EventOutcome(NumberStatus.Connected, null, PhoneSeen: false), StatusRules.Outcome(PollEvents.Connected, "connected"));

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void FailedPollsBackOffUpToAnHour(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), DevicePoller.Backoff(TimeSpan.FromMinutes(5), failures));

    [Fact]
    public void AnIntervalLongerThanAnHourIsNeverShortenedByTheBackoff() =>
        Assert.Equal(TimeSpan.FromHours(2), DevicePoller.Backoff(TimeSpan.FromHours(2), 3));
}

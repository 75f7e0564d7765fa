using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class StatusRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 10, 8, 0, 0, TimeSpan.Zero);
    private const string Phone = "+6281234567890";

    private static FleetEvent Event(string type, DateTimeOffset at, string? reason = null, string? accountName = null) =>
        new("wazzapi", Guid.NewGuid().ToString(), null, type, Phone, "ID", "acc-1", accountName, reason, at, at, "{}");

    // The transition table beside StatusRules, row by row.
    [Theory]
    [InlineData("device.connected", null, NumberStatus.Connected, null)]
    [InlineData("session.connected", null, NumberStatus.Connected, null)]
    [InlineData("reconnected", "QR re-scanned", NumberStatus.Connected, null)]
    [InlineData("device.disconnected", "Linked device session expired: phone offline", NumberStatus.Disconnected, ReasonCategory.PhoneOffline)]
    [InlineData("session.disconnected", "logged out from linked devices", NumberStatus.Disconnected, ReasonCategory.LoggedOut)]
    [InlineData("disconnected", null, NumberStatus.Disconnected, ReasonCategory.Unknown)]
    [InlineData("device.disconnected", "Account banned for spam", NumberStatus.Banned, ReasonCategory.Banned)]
    [InlineData("disconnected", "number blocked", NumberStatus.Banned, ReasonCategory.Banned)]
    [InlineData("logout", null, NumberStatus.Disconnected, ReasonCategory.LoggedOut)]
    [InlineData("message.failed", "WhatsApp account is banned", NumberStatus.Banned, ReasonCategory.Banned)]
    public void EventsSetStatus(string type, string? reason, NumberStatus status, ReasonCategory? category)
    {
        var next = StatusRules.Apply(new NumberState(Phone), Event(type, T0, reason));

        Assert.Equal(status, next.Status);
        Assert.Equal(category, next.ReasonCategory);
        Assert.Equal(reason, next.Reason);
        Assert.Equal(T0, next.StatusChangedAt);
    }

    [Theory]
    [InlineData("message.failed", "WhatsApp account is disconnected")]
    [InlineData("message.received", null)]
    [InlineData("message.sent", null)]
    [InlineData("message.delivered", null)]
    [InlineData("message.read", null)]
    [InlineData("account.billing_updated", null)]
    public void OtherEventsRecordActivityWithoutChangingStatus(string type, string? reason)
    {
        var connected = StatusRules.Apply(new NumberState(Phone), Event("device.connected", T0));

        var next = StatusRules.Apply(connected, Event(type, T0.AddHours(1), reason));

        Assert.Equal(NumberStatus.Connected, next.Status);
        Assert.Equal(T0, next.StatusChangedAt);
        Assert.Equal(T0.AddHours(1), next.LastEventAt);
    }

    [Theory]
    [InlineData("device.connected")]
    [InlineData("device.disconnected")]
    [InlineData("device.disconnected", "Account banned for spam")]
    [InlineData(null)]
    public void CheckInMarksThePhoneSeenAndKeepsTheStatus(string? previous, string? reason = null)
    {
        var state = previous is null ? new NumberState(Phone) : StatusRules.Apply(new NumberState(Phone), Event(previous, T0, reason));

        var next = StatusRules.Apply(state, Event("check_in", T0.AddDays(3), "powered on by the client"));

        Assert.Equal(state.Status, next.Status);
        Assert.Equal(state.StatusChangedAt, next.StatusChangedAt);
        Assert.Equal(state.Reason, next.Reason);
        Assert.Equal(T0.AddDays(3), next.PhoneLastSeenAt);
        Assert.Equal(T0.AddDays(3), next.LastEventAt);
    }

    [Fact]
    public void ReconnectedMarksThePhoneSeen()
    {
        var disconnected = StatusRules.Apply(new NumberState(Phone), Event("disconnected", T0, "phone offline"));

        var next = StatusRules.Apply(disconnected, Event("reconnected", T0.AddHours(1)));

        Assert.Equal(NumberStatus.Connected, next.Status);
        Assert.Equal(T0.AddHours(1), next.PhoneLastSeenAt);
    }

    [Fact]
    public void LateCheckInNeverMovesThePhoneSeenBackwards()
    {
        var state = StatusRules.Apply(new NumberState(Phone), Event("device.connected", T0.AddDays(2)));

        var next = StatusRules.Apply(state, Event("check_in", T0));

        Assert.Equal(T0.AddDays(2), next.PhoneLastSeenAt);
    }

    [Fact]
    public void RosterDetailsPassThroughTheRulesUntouched()
    {
        var rostered = new NumberState(Phone, Client: "Acme", Label: "Sales 1", Owner: "Ana", Notes: "desk drawer", RunsCampaign: true);

        var next = StatusRules.Apply(rostered, Event("device.disconnected", T0, "logged out"));

        Assert.Equal(("Acme", "Sales 1", "Ana", "desk drawer", true), (next.Client, next.Label, next.Owner, next.Notes, next.RunsCampaign));
    }

    [Fact]
    public void LateOlderEventDoesNotOverwriteNewerState()
    {
        var connected = StatusRules.Apply(new NumberState(Phone), Event("device.connected", T0.AddHours(2)));

        var next = StatusRules.Apply(connected, Event("device.disconnected", T0, "phone offline"));

        Assert.Equal(NumberStatus.Connected, next.Status);
        Assert.Equal(T0.AddHours(2), next.StatusChangedAt);
        Assert.Equal(T0.AddHours(2), next.LastEventAt);
    }

    [Fact]
    public void NewerEventArrivingAfterOlderOneWins()
    {
        var disconnected = StatusRules.Apply(new NumberState(Phone), Event("device.disconnected", T0, "phone offline"));

        var next = StatusRules.Apply(disconnected, Event("device.connected", T0.AddHours(1)));

        Assert.Equal(NumberStatus.Connected, next.Status);
        Assert.Null(next.ReasonCategory);
        Assert.Equal(T0.AddHours(1), next.StatusChangedAt);
    }

    [Fact]
    public void ConnectedEventsMarkThePhoneSeenEvenWhenLate()
    {
        var state = StatusRules.Apply(new NumberState(Phone), Event("device.connected", T0));
        state = StatusRules.Apply(state, Event("device.disconnected", T0.AddDays(3), "logged out"));

        var next = StatusRules.Apply(state, Event("device.connected", T0.AddDays(1)));

        Assert.Equal(NumberStatus.Disconnected, next.Status);
        Assert.Equal(T0.AddDays(1), next.PhoneLastSeenAt);
    }

    [Fact]
    public void RepeatedStatusKeepsItsOriginalChangeTime()
    {
        var state = StatusRules.Apply(new NumberState(Phone), Event("device.disconnected", T0, "phone offline"));

        var next = StatusRules.Apply(state, Event("device.disconnected", T0.AddHours(1), "logged out"));

        Assert.Equal(T0, next.StatusChangedAt);
        Assert.Equal(ReasonCategory.LoggedOut, next.ReasonCategory);
    }

    [Fact]
    public void NewestEventNamesTheAccount()
    {
        var state = StatusRules.Apply(new NumberState(Phone), Event("device.connected", T0.AddHours(1), accountName: "New name"));

        var next = StatusRules.Apply(state, Event("message.sent", T0, accountName: "Old name"));

        Assert.Equal("New name", next.AccountName);
    }
}

using WazzapDashboard.Fleet;
using WazzapDashboard.History;

namespace WazzapDashboard.Tests.History;

public class PlaybooksTests
{
    // The table beside Playbooks, row by row, with a phrase each playbook must carry from the Wazzap guide.
    [Theory]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.PhoneOffline, false, "phone_offline", "once a week")]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.SlotReused, false, "slot_reused", "stop opening WhatsApp Web")]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.Banned, false, "banned", "Do not re-scan")]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.LoggedOut, false, "logged_out", "Log out from all devices")]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.DeviceChanged, false, "device_changed", "new phone")]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.AppUpdate, false, "app_update", "up to date")]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.Unknown, false, "unknown", "Linked devices")]
    [InlineData(NumberStatus.Disconnected, null, false, "unknown", "Linked devices")]
    [InlineData(NumberStatus.Banned, ReasonCategory.Banned, false, "banned", "You can't send messages on WhatsApp")]
    [InlineData(NumberStatus.Banned, null, false, "banned", "ban")]
    [InlineData(NumberStatus.Connected, null, true, "at_risk", "once a week")]
    [InlineData(NumberStatus.Unknown, null, false, "no_events", "Disconnection Settings")]
    public void PicksThePlaybookForTheState(NumberStatus status, ReasonCategory? category, bool atRisk, string key, string phrase)
    {
        var playbook = Playbooks.For(status, category, atRisk, expiryDays: 14);

        Assert.NotNull(playbook);
        Assert.Equal(key, playbook.Key);
        Assert.Contains(phrase, playbook.Summary + " " + string.Join(" ", playbook.Steps), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AHealthyNumberHasNothingToDo() =>
        Assert.Null(Playbooks.For(NumberStatus.Connected, null, atRisk: false, expiryDays: 14));

    [Fact]
    public void EveryCategoryHasItsOwnPlaybookWithSteps()
    {
        var playbooks = Enum.GetValues<ReasonCategory>().Select(c => Playbooks.ForCategory(c, expiryDays: 14)).ToList();

        Assert.Equal(playbooks.Count, playbooks.Select(p => p.Key).Distinct().Count());
        Assert.All(playbooks, p => Assert.NotEmpty(p.Steps));
        Assert.Equal(Enum.GetValues<ReasonCategory>().Select(c => c.ToWire()), playbooks.Select(p => p.Key));
    }

    [Fact]
    public void TheBanPlaybookNeverSaysToRescanAsAStep() =>
        Assert.DoesNotContain(Playbooks.Banned.Steps, s => s.StartsWith("Re-scan", StringComparison.Ordinal));

    [Theory]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.PhoneOffline, false)]
    [InlineData(NumberStatus.Connected, null, true)]
    public void TheExpiryLineFollowsTheSetting(NumberStatus status, ReasonCategory? category, bool atRisk)
    {
        var playbook = Playbooks.For(status, category, atRisk, expiryDays: 10)!;

        Assert.Contains("10 days", playbook.Summary);
        Assert.DoesNotContain("14", playbook.Summary + string.Join(" ", playbook.Steps));
    }
}

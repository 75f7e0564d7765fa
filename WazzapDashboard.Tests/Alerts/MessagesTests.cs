using System.Text.Json;
using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Alerts;

public class MessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly MessageContext Context = new(TimeZoneInfo.Utc, Now, IncidentThreshold: 5, ExpiryDays: 14, "https://fleet.example.com/");

    [Fact]
    public void ExpiryMessagesNameTheConfiguredLine()
    {
        var context = Context with { ExpiryDays = 10 };
        var single = Messages.Single(Pending(1, ChangeKind.Expired).Change, context);
        var grouped = Assert.Single(Messages.Compose(Enumerable.Range(1, 5).Select(n => Pending(n, ChangeKind.Expired)).ToList(), Flush.Send, incidentOpen: false, context));
        var atRisk = Messages.Single(Pending(2, ChangeKind.AtRisk).Change, context);
        var digest = Assert.Single(Messages.Compose([Pending(3, ChangeKind.Expired)], Flush.Digest, incidentOpen: false, context));

        Assert.Contains("past the 10-day line", single.Title);
        Assert.Contains("past 10 days", single.Text);
        Assert.Contains("past the 10-day line", grouped.Title);
        Assert.Contains("before the 10-day line", atRisk.Text);
        Assert.Contains("past the 10-day line", digest.Text);
        Assert.DoesNotContain("14", string.Concat(single.Title, single.Text, grouped.Title, atRisk.Text, digest.Text));
        Assert.Equal("expired (past the 10-day line)", ChangeKind.Expired.Describe(expiryDays: 10));
    }

    private static PendingAlert Pending(int n, ChangeKind kind = ChangeKind.Disconnected, long? id = null, int minutesAgo = 1, int flaps = 0) =>
        new(id ?? n, "ops", new Transition(kind, $"+62811000000{n:D2}", n % 2 == 0 ? "Acme" : null, $"Account {n}", "Session replaced",
            kind == ChangeKind.Banned ? ReasonCategory.Banned : ReasonCategory.SlotReused, kind == ChangeKind.AtRisk ? 4 : null,
            Now.AddMinutes(-minutesAgo), kind == ChangeKind.Reconnected ? Now.AddMinutes(-minutesAgo - 95) : null, flaps), Now.AddMinutes(-minutesAgo));

    [Fact]
    public void DropsAtTheThresholdBecomeOneFleetIncidentListingThem()
    {
        var pending = Enumerable.Range(1, 50).Select(n => Pending(n)).ToList();

        var message = Assert.Single(Messages.Compose(pending, Flush.Send, incidentOpen: false, Context));

        Assert.Equal("incident", message.Kind);
        Assert.StartsWith("Fleet incident: 50 numbers dropped", message.Title);
        Assert.Equal(50, message.Numbers);
        Assert.Contains("Account 37 (+62 811-0000-0037)", message.Text);
        Assert.Equal(50, JsonDocument.Parse(message.Body).RootElement.GetProperty("numbers").GetArrayLength());
    }

    [Fact]
    public void DropsBelowTheThresholdAreOneAlertEach()
    {
        var pending = Enumerable.Range(1, 4).Select(n => Pending(n)).ToList();

        var messages = Messages.Compose(pending, Flush.Send, incidentOpen: false, Context);

        Assert.Equal(4, messages.Count);
        Assert.All(messages, m => Assert.Equal("disconnected", m.Kind));
    }

    [Fact]
    public void ADropWhileAnIncidentIsOpenIsAnIncidentUpdate()
    {
        var message = Assert.Single(Messages.Compose([Pending(1), Pending(2)], Flush.Send, incidentOpen: true, Context));

        Assert.Equal("incident", message.Kind);
        Assert.Equal("Fleet incident continues: 2 more numbers dropped", message.Title);
    }

    [Fact]
    public void ANumberCountsOnceAsItsLatestChange()
    {
        var pending = new[] { Pending(1, ChangeKind.Disconnected, id: 1), Pending(1, ChangeKind.Banned, id: 2) };

        var message = Assert.Single(Messages.Compose(pending, Flush.Send, incidentOpen: false, Context));

        Assert.Equal("banned", message.Kind);
        Assert.Equal("Account 1 (+62 811-0000-0001) banned by WhatsApp", message.Title);
    }

    [Fact]
    public void ASingleAlertSaysWhyAndWhatToDoWithALink()
    {
        var message = Messages.Single(Pending(2).Change, Context);

        Assert.Equal("Account 2 (+62 811-0000-0002) disconnected", message.Title);
        Assert.Contains("Reason: Linked-device slot taken (WhatsApp Web) (\"Session replaced\")", message.Text);
        Assert.Contains("Since: 15 May 11:59 (UTC+00:00)", message.Text);
        Assert.Contains("Client: Acme", message.Text);
        Assert.Contains("re-scan the QR and keep WhatsApp Web closed", message.Text);
        Assert.Contains("https://fleet.example.com/numbers/%2B6281100000002", message.Text);
    }

    [Fact]
    public void ASingleAlertsJsonRepeatsItsFieldsAtTheTopForAutomations()
    {
        var body = JsonDocument.Parse(Messages.Single(Pending(2).Change, Context).Body).RootElement;

        Assert.Equal("alert", body.GetProperty("type").GetString());
        Assert.Equal("disconnected", body.GetProperty("change").GetString());
        Assert.Equal("+6281100000002", body.GetProperty("phone").GetString());
        Assert.Equal("Acme", body.GetProperty("client").GetString());
        Assert.Equal("slot_reused", body.GetProperty("reasonCategory").GetString());
        Assert.Equal("2026-05-15T11:59:00+00:00", body.GetProperty("at").GetString());
    }

    [Fact]
    public void ARecoverySaysHowLongTheNumberWasDownAndHowOftenItFlapped()
    {
        var message = Messages.Single(Pending(1, ChangeKind.Reconnected, flaps: 2).Change, Context);

        Assert.Equal("Account 1 (+62 811-0000-0001) is back online", message.Title);
        Assert.Contains("after 1 hour, 35 minutes down", message.Text);
        Assert.Contains("dropped and came back 3 times", message.Text);
    }

    [Fact]
    public void ManyRecoveriesAreOneMessage()
    {
        var pending = Enumerable.Range(1, 6).Select(n => Pending(n, ChangeKind.Reconnected)).ToList();

        var message = Assert.Single(Messages.Compose(pending, Flush.Send, incidentOpen: false, Context));

        Assert.Equal("6 numbers back online", message.Title);
    }

    [Fact]
    public void ADigestListsEveryChangePerNumberInOrder()
    {
        var pending = new[]
        {
            Pending(1, ChangeKind.Disconnected, id: 1, minutesAgo: 400),
            Pending(2, ChangeKind.AtRisk, id: 2, minutesAgo: 300),
            Pending(1, ChangeKind.Reconnected, id: 3, minutesAgo: 200),
        };

        var message = Assert.Single(Messages.Compose(pending, Flush.Digest, incidentOpen: false, Context));

        Assert.Equal("digest", message.Kind);
        Assert.Equal("Quiet-hours digest: 2 numbers changed", message.Title);
        Assert.Contains("• Account 1 (+62 811-0000-0001): 15 May 05:20 disconnected — Linked-device slot taken (WhatsApp Web) → 15 May 08:40 back online", message.Text);
        Assert.Contains("• Account 2 (+62 811-0000-0002): 15 May 07:00 at risk (4 days left)", message.Text);
    }
}

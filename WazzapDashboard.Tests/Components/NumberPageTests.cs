using Bunit;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Live;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

public class NumberPageTests : ComponentHost
{
    private IRenderedComponent<NumberPage> RenderPage(string phone = "6281234567890") =>
        Context.Render<NumberPage>(p => p.Add(x => x.Phone, phone));

    [Fact]
    public async Task TheHeaderFollowsTheChangeFeedForThisNumberOnly()
    {
        await Deliver("device.disconnected", HoursAgo(5), "phone offline");
        var page = RenderPage();
        Assert.Equal(NumberStatus.Disconnected, page.Instance.Number!.Status);

        Get<ChangeFeed>().Publish([page.Instance.Number with { Phone = "+6281200000000", Status = NumberStatus.Banned }]);
        await Deliver("device.connected", HoursAgo(1));

        page.WaitForAssertion(() => Assert.Equal(NumberStatus.Connected, page.Instance.Number!.Status));
        Assert.Equal("+6281234567890", page.Instance.Number!.Phone);
        Assert.Contains("Working normally", page.Markup);
    }

    [Fact]
    public async Task AnOlderViewFromAnotherInstanceLeavesTheHeaderAsItIs()
    {
        await Deliver("device.disconnected", HoursAgo(1), "phone offline");
        var page = RenderPage();
        var newer = page.Instance.Number!;

        Get<ChangeFeed>().Publish([newer with { Status = NumberStatus.Connected, LastEventAt = HoursAgo(2) }], Committed.Elsewhere);
        await page.InvokeAsync(() => { }); // after the page has handled it

        Assert.Equal(newer, page.Instance.Number);
        Get<ChangeFeed>().Publish([newer with { Label = "Desk 4" }], Committed.Elsewhere);
        page.WaitForAssertion(() => Assert.Equal("Desk 4", page.Instance.Number!.Label));
    }

    [Fact]
    public async Task ABurstOfEventsIsFoldedIntoOneReReadOfHistory()
    {
        var throttle = TimeSpan.FromSeconds(1);
        Live.Throttle = throttle;
        await Deliver("device.connected", HoursAgo(10));
        var page = RenderPage();

        await Deliver("device.disconnected", HoursAgo(3), "phone offline");
        for (var i = 0; i < 5; i++) await Deliver("message.failed", HoursAgo(2).AddMinutes(i));
        page.WaitForAssertion(() => Assert.Equal(HoursAgo(2).AddMinutes(4), page.Instance.Number!.LastEventAt));
        Assert.Equal(0, page.Instance.Revision); // the header follows at once; history waits for the throttle

        Time.Advance(throttle);

        page.WaitForAssertion(() => Assert.Equal(1, page.Instance.Revision));
        Assert.Equal([NumberStatus.Connected, NumberStatus.Disconnected], page.Instance.Changes.Select(c => c.Status));
        Assert.Equal(7, page.FindComponent<WazzapDashboard.Components.Number.TimelineCard>().Instance.Events.Count);
    }

    [Fact]
    public async Task ClosingThePageUnsubscribes()
    {
        await Deliver("device.connected", HoursAgo(1));
        var feed = Get<ChangeFeed>();
        var before = feed.SubscriberCount;
        RenderPage();
        Assert.Equal(before + 1, feed.SubscriberCount);

        await Context.DisposeComponentsAsync();

        Assert.Equal(before, feed.SubscriberCount);
    }

    [Fact]
    public async Task ANumberAtRiskCanBeTakenToCallTheClientBeforeItDrops()
    {
        await Deliver("device.connected", HoursAgo(24 * 9));
        var page = RenderPage();
        Assert.True(page.Instance.Number!.AtRisk);
        Assert.Empty(page.FindAll("button.reconnected")); // still connected: nothing to confirm

        await page.InvokeAsync(() => page.Find("button.acknowledge").Click());

        page.WaitForAssertion(() => Assert.Equal(User, page.Instance.Number!.AcknowledgedBy));
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".mine")));
    }

    [Fact]
    public async Task AcknowledgingFromThePageRecordsTheSignedInNameAndTellsEveryone()
    {
        await Deliver("device.disconnected", HoursAgo(2), "slot reused by WhatsApp Web");
        var published = new System.Collections.Concurrent.ConcurrentQueue<NumberView>();
        using var _ = Get<ChangeFeed>().Subscribe(views => { foreach (var v in views) published.Enqueue(v); return Task.CompletedTask; });
        var page = RenderPage();

        await page.InvokeAsync(() => page.Find("button.acknowledge").Click());

        page.WaitForAssertion(() => Assert.Equal(User, page.Instance.Number!.AcknowledgedBy));
        Assert.Equal(Time.GetUtcNow(), page.Instance.Number!.AcknowledgedAt);
        // Published after the commit, for the grid and the wall; delivery is asynchronous.
        page.WaitForAssertion(() => Assert.Contains(published, v => v.AcknowledgedBy == User), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Contains("is on it", page.Markup));
        Assert.Single(page.FindAll(".mine"));
    }

    [Fact]
    public async Task SomeoneElsesAcknowledgementCanBeTakenOver()
    {
        await Deliver("device.disconnected", HoursAgo(2));
        await Get<Incidents>().Acknowledge(Phone, "Bob");
        var page = RenderPage();

        await page.InvokeAsync(() => page.Find("button.take-over").Click());

        page.WaitForAssertion(() => Assert.Equal(User, page.Instance.Number!.AcknowledgedBy));
    }

    [Fact]
    public async Task ReleasingGivesTheOutageBack()
    {
        await Deliver("device.disconnected", HoursAgo(2));
        var page = RenderPage();
        await page.InvokeAsync(() => page.Find("button.acknowledge").Click());
        // The live feed can show the acknowledgement before the action itself has returned: wait for both.
        page.WaitForAssertion(() => Assert.True(page.Instance.Number!.AcknowledgedBy is not null && !page.Instance.Busy));

        await page.InvokeAsync(() => page.Find("button.release").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Null(page.Instance.Number!.AcknowledgedBy);
            Assert.Contains("Nobody is on this yet", page.Markup);
        });
    }

    [Fact]
    public async Task ReconnectedConfirmsTheReconnectUnderTheSignedInNameAndClearsTheAcknowledgement()
    {
        await Deliver("device.disconnected", HoursAgo(2), "phone offline");
        await Get<Incidents>().Acknowledge(Phone, User);
        var page = RenderPage();

        await page.InvokeAsync(() => page.Find("button.reconnected").Click());

        page.WaitForAssertion(() => Assert.Equal(NumberStatus.Connected, page.Instance.Number!.Status));
        Assert.Null(page.Instance.Number!.AcknowledgedBy);
        var confirmation = Get<FleetQueries>().Events(Phone, 1)[0];
        Assert.Equal((ManualEvents.Reconnected, User), (confirmation.EventType, confirmation.By));
        // The timeline catches up and says who confirmed it.
        page.WaitForAssertion(() => Assert.Contains($"{Sources.Manual} · {User}", page.Find(".timeline tbody tr").TextContent), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task PhoneSeenOnlineChecksInUnderTheSignedInName()
    {
        await Deliver("device.connected", Time.GetUtcNow().AddDays(-10));
        var page = RenderPage();
        Assert.True(page.Instance.Number!.AtRisk);

        await page.InvokeAsync(() => page.Find("button.check-in").Click());

        page.WaitForAssertion(() => Assert.False(page.Instance.Number!.AtRisk));
        Assert.Equal(Time.GetUtcNow(), page.Instance.Number!.PhoneLastSeenAt);
        var confirmation = Get<FleetQueries>().Events(Phone, 1)[0];
        Assert.Equal((ManualEvents.CheckIn, User), (confirmation.EventType, confirmation.By));
    }

    [Fact]
    public async Task AViewerSeesThePlaybookButNoActions()
    {
        Auth.SetRoles(Roles.Viewer).SetPolicies(Policies.Read);
        await Deliver("device.disconnected", HoursAgo(2), "phone offline");

        var page = RenderPage();

        Assert.Equal("phone_offline", page.Find(".playbook").GetAttribute("data-playbook"));
        Assert.Empty(page.FindAll("button.acknowledge, button.reconnected, button.check-in, button.add-note, .note-draft"));
    }

    [Fact]
    public async Task TheHeaderShowsClientAndOwnerFromTheRoster()
    {
        await Deliver("device.disconnected", HoursAgo(2), "phone offline");
        await Get<FleetActions>().Edit(Phone, new RosterEntry(Client: "Kopi Kita", Label: "Promo", Owner: "Budi"));

        var page = RenderPage();

        var roster = page.Find(".roster").TextContent;
        Assert.Contains("Client Kopi Kita", roster);
        Assert.Contains("Owner Budi", roster);
        Assert.Empty(page.FindAll(".expired"));
    }

    [Fact]
    public async Task TheHeaderSaysExpiredWhenThePhoneIsPastTheLimit()
    {
        await Deliver("device.connected", Time.GetUtcNow().AddDays(-16));

        var page = RenderPage();

        Assert.True(page.Instance.Number!.Expired);
        Assert.Contains("Expired, overdue by 2 days", page.Find(".expired").TextContent);
        Assert.Equal("Expired", page.Find(".status-chip").GetAttribute("data-status"));
    }

    [Fact]
    public void ThePageRequiresTheReadPolicy()
    {
        var attribute = Assert.Single(typeof(NumberPage).GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true));
        Assert.Equal(Policies.Read, ((Microsoft.AspNetCore.Authorization.AuthorizeAttribute)attribute).Policy);
    }

    [Theory]
    [InlineData("device.disconnected", "Account banned for spam", "banned")]
    [InlineData("device.disconnected", "Linked device session expired: phone offline", "phone_offline")]
    [InlineData("device.connected", null, "none")]
    public async Task ThePlaybookFollowsTheNumbersState(string type, string? reason, string playbook)
    {
        await Deliver(type, HoursAgo(2), reason);

        var page = RenderPage();

        Assert.Equal(playbook, page.Find(".playbook").GetAttribute("data-playbook"));
    }

    [Theory]
    [InlineData("6281299999999", "is known yet")]
    [InlineData("hello", "is not a phone number")]
    public void UnknownOrInvalidNumbersSaySo(string phone, string message)
    {
        var page = RenderPage(phone);

        Assert.Contains(message, page.Markup);
        Assert.Null(page.Instance.Number);
    }
}

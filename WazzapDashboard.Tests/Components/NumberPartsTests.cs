using Bunit;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Number;
using WazzapDashboard.Fleet;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.History;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

public class NumberPartsTests : ComponentHost
{
    [Fact]
    public async Task TheTimelinePagesBackFiftyAtATime()
    {
        for (var i = 0; i < 120; i++) await Deliver(i % 10 == 0 ? "device.connected" : "message.sent", HoursAgo(200 - i));

        var timeline = Context.Render<TimelineCard>(p => p.Add(x => x.Phone, Phone));
        Assert.Equal(50, timeline.Instance.Events.Count);
        Assert.True(timeline.Instance.HasOlder);

        timeline.Find("button.load-older").Click();
        timeline.Find("button.load-older").Click();

        Assert.Equal(120, timeline.Instance.Events.Count);
        Assert.False(timeline.Instance.HasOlder);
        Assert.Equal(timeline.Instance.Events.OrderByDescending(e => e.At).Select(e => e.At), timeline.Instance.Events.Select(e => e.At));
    }

    [Fact]
    public async Task TheTimelineFiltersByType()
    {
        for (var i = 0; i < 30; i++) await Deliver(i % 10 == 0 ? "device.connected" : "message.sent", HoursAgo(40 - i));
        var timeline = Context.Render<TimelineCard>(p => p.Add(x => x.Phone, Phone));
        Assert.Equal(["device.connected", "message.sent"], timeline.Instance.Types);

        await timeline.InvokeAsync(() => timeline.Instance.FilterBy("device.connected"));

        Assert.Equal(3, timeline.Instance.Events.Count);
        Assert.All(timeline.Instance.Events, e => Assert.Equal("device.connected", e.Event?.EventType));
    }

    [Fact]
    public async Task ExpandingAnEventShowsItsRawPayloadAsPrettyJson()
    {
        await Deliver("device.disconnected", HoursAgo(1), "phone offline");
        var timeline = Context.Render<TimelineCard>(p => p.Add(x => x.Phone, Phone));

        timeline.Find("button.toggle-payload").Click();

        var shown = timeline.Find("pre.payload").TextContent;
        Assert.Equal(Wording.PrettyJson(Get<HistoryQueries>().Payload(Phone, timeline.Instance.Events[0].Id)!), shown);
        Assert.Contains("\n  \"event_type\": \"device.disconnected\"", shown.ReplaceLineEndings("\n"));

        timeline.Find("button.toggle-payload").Click();
        Assert.Empty(timeline.FindAll("pre.payload"));
    }

    [Fact]
    public void TheAvailabilityCardComputesTheChosenWindow()
    {
        var now = Time.GetUtcNow();
        (DateTimeOffset, NumberStatus)[] changes = [(now.AddDays(-10), NumberStatus.Connected), (now.AddDays(-3), NumberStatus.Disconnected), (now.AddDays(-2), NumberStatus.Connected)];
        var card = Context.Render<AvailabilityCard>(p => p.Add(x => x.Changes, changes).Add(x => x.Now, now));
        Assert.Equal(1, card.Instance.Days);
        Assert.Equal(100, card.Instance.Report.UptimePercent);

        card.FindAll(".windows .mud-toggle-item")[1].Click();

        Assert.Equal(7, card.Instance.Days);
        var expected = Availability.Compute(changes, now.AddDays(-7), now);
        Assert.Equal(expected with { Segments = [] }, card.Instance.Report with { Segments = [] });
        Assert.Equal(expected.Segments, card.Instance.Report.Segments);
        Assert.Equal(3, card.FindAll(".bar .segment").Count);
        Assert.Equal(1, card.Instance.Report.Disconnections);
    }

    [Fact]
    public void ThePlaybookCardListsEveryStepAndTheActions()
    {
        var card = Context.Render<PlaybookCard>(p => p
            .Add(x => x.Playbook, Playbooks.SlotReused)
            .Add(x => x.Actions, "<button class=\"probe\">act</button>"));

        Assert.Equal(Playbooks.SlotReused.Steps.Count, card.FindAll(".steps li").Count);
        Assert.Single(card.FindAll("button.probe"));
    }

    [Fact]
    public async Task NotesAreAddedUnderTheSignedInName()
    {
        await Deliver("device.disconnected", HoursAgo(1));
        var notes = Context.Render<NotesCard>(p => p.Add(x => x.Phone, Phone).Add(x => x.By, User));

        notes.Find(".note-draft textarea").Input("Client will power the phone on tonight.");
        notes.Find("button.add-note").Click();

        notes.WaitForAssertion(() => Assert.Single(notes.Instance.Notes));
        var note = notes.Instance.Notes[0];
        Assert.Equal((User, "Client will power the phone on tonight."), (note.By, note.Text));
        Assert.Null(notes.Instance.Draft);
    }

    [Fact]
    public async Task AnEmptyNoteIsNotAdded()
    {
        await Deliver("device.disconnected", HoursAgo(1));
        var notes = Context.Render<NotesCard>(p => p.Add(x => x.Phone, Phone).Add(x => x.By, User));

        notes.Find(".note-draft textarea").Input("   ");
        await notes.InvokeAsync(notes.Instance.Add);

        Assert.Empty(notes.Instance.Notes);
        Assert.True(notes.Find("button.add-note").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AViewerReadsNotesButCannotWriteThem()
    {
        await Deliver("device.disconnected", HoursAgo(1));
        await Get<Incidents>().AddNote(Phone, "Bob", "Phone is at the office.");
        Auth.SetRoles(Roles.Viewer).SetPolicies(Policies.Read);

        var notes = Context.Render<NotesCard>(p => p.Add(x => x.Phone, Phone).Add(x => x.By, "Viewer"));

        Assert.Contains("Phone is at the office.", notes.Markup);
        Assert.Empty(notes.FindAll(".note-draft, button.add-note"));
    }
}

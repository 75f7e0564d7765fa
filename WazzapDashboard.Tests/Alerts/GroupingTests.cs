using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Alerts;

public class GroupingTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly AlertsOptions Options = new()
    {
        GroupWait = TimeSpan.FromSeconds(30),
        IncidentWindow = TimeSpan.FromMinutes(5),
    };

    public static PendingAlert Pending(int secondsAgo, ChangeKind kind = ChangeKind.Disconnected, string phone = "+6281100000001", long id = 1) =>
        new(id, "ops", new Transition(kind, phone, null, "Kopi Support", "kicked", ReasonCategory.SlotReused, null, Now.AddSeconds(-secondsAgo)),
            Now.AddSeconds(-secondsAgo));

    // The table in Grouping, row by row. Quiet hours 22:00-07:00 UTC; "now" and "queued" are UTC clock times.
    [Theory]
    [InlineData(0, "12:00", null, null, "hold")]          // nothing pending
    [InlineData(1, "23:30", "23:10", null, "hold")]       // inside quiet hours
    [InlineData(1, "07:00", "23:10", null, "digest")]     // queued during quiet hours, now after them
    [InlineData(1, "12:00", "11:59:50", null, "hold")]    // younger than the group wait
    [InlineData(1, "12:00", "11:59:30", null, "send")]    // the group wait is over
    [InlineData(1, "12:00", "11:58:00", 120, "hold")]     // an incident went out 2 minutes ago
    [InlineData(1, "12:00", "11:58:00", 300, "send")]     // the incident window has passed
    public void PendingChangesFlushAsTheTableSays(int count, string now, string? queued, int? incidentSecondsAgo, string decision)
    {
        var at = Today(now);
        var pending = Enumerable.Range(1, count)
            .Select(i => Pending(0) with { Id = i, QueuedAt = queued is null ? at : Today(queued) > at ? Today(queued).AddDays(-1) : Today(queued) })
            .ToList();

        var flush = Grouping.Decide(pending, new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)), TimeZoneInfo.Utc,
            incidentSecondsAgo is { } s ? at.AddSeconds(-s) : null, at, Options);

        Assert.Equal(Enum.Parse<Flush>(decision, ignoreCase: true), flush);
    }

    [Fact]
    public void TheGroupWaitRunsFromTheFirstPendingChange()
    {
        var pending = new[] { Pending(40, id: 1), Pending(1, phone: "+6281100000002", id: 2) };

        Assert.Equal(Flush.Send, Grouping.Decide(pending, null, TimeZoneInfo.Utc, null, Now, Options));
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(330, true)]
    [InlineData(331, false)]
    public void AnIncidentStaysOpenForTheWindowPlusTheGroupWait(int secondsAgo, bool open) =>
        Assert.Equal(open, Grouping.IncidentOpen(Now.AddSeconds(-secondsAgo), Now, Options));

    private static DateTimeOffset Today(string time) =>
        new(DateOnly.FromDateTime(Now.UtcDateTime).ToDateTime(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.Zero);
}

using WazzapDashboard.Localization;
using Microsoft.AspNetCore.Components;
using WazzapDashboard.Fleet;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.History;

namespace WazzapDashboard.Components.Number;

public partial class TimelineCard
{
    public const int PageSize = 50;
    private const string AllTypes = "";
    private const string StatusChanges = TimelineQueries.StatusChanges;

    [Inject] public required TimelineQueries Timeline { get; init; }
    [Inject] public required Microsoft.Extensions.Options.IOptions<HistoryOptions> Retention { get; init; }
    [Inject] public required HistoryQueries History { get; init; }

    /// <summary>The number, E.164.</summary>
    [Parameter, EditorRequired] public required string Phone { get; set; }

    /// <summary>Bumped by the page when the number changed: the newest page is read again unless the reader has moved on.</summary>
    [Parameter] public int Revision { get; set; }

    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;

    public IReadOnlyList<TimelineEntry> Events { get; private set; } = [];
    public IReadOnlyList<string> Types { get; private set; } = [];
    public string Type { get; private set; } = AllTypes;
    public bool HasOlder { get; private set; }
    public long? Expanded { get; private set; }
    public string? Payload { get; private set; }

    private string? _loadedPhone;
    private int _loadedRevision;

    private string CsvHref => $"api/numbers/{Uri.EscapeDataString(Phone)}/events.csv";

    protected override void OnParametersSet()
    {
        var reading = Events.Count > PageSize || Expanded is not null;
        if (Phone != _loadedPhone || (Revision != _loadedRevision && !reading))
        {
            _loadedPhone = Phone;
            _loadedRevision = Revision;
            Types = History.EventTypes(Phone);
            LoadNewest();
        }
    }

    public void FilterBy(string type)
    {
        Type = type;
        Expanded = null;
        LoadNewest();
    }

    public void LoadOlder() => Load(Events.Count > 0 ? (Events[^1].At, Events[^1].Id) : null);

    public void Toggle(EventView e)
    {
        if (Expanded == e.Id)
        {
            (Expanded, Payload) = (null, null);
            return;
        }
        Expanded = e.Id;
        Payload = History.Payload(Phone, e.Id) is { } raw ? Wording.PrettyJson(raw) : L["Timeline_NoPayload"];
    }

    private void LoadNewest()
    {
        Events = [];
        Load(null);
    }

    private void Load((DateTimeOffset At, long Id)? before)
    {
        // One extra row says whether there is an older page, without counting 100,000 rows.
        var page = Timeline.Page(Phone, PageSize + 1, Type is AllTypes ? null : Type, before);
        HasOlder = page.Count > PageSize;
        Events = [.. Events, .. page.Take(PageSize)];
    }

    private string TypeLabel(string? type) => type switch
    {
        null or AllTypes => L["Timeline_AllEvents"],
        StatusChanges => L["Timeline_StatusOnly"],
        _ when Wording.EventType(type) == type => type,
        _ => $"{Wording.EventType(type)} ({type})",
    };

    private static string RowClass(TimelineEntry e, int index) => e.Event?.Status is null ? "" : "status-row";

    private string MessageCountsTitle => L["Timeline_CountsTitle", Retention.Value.RawPayloadDays];

    private static string ReasonText(EventView e) =>
        e.Reason ?? (e.ReasonCategory is { } c ? Wording.Describe(c) : "");
}

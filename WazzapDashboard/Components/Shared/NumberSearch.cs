using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Shared;

/// <summary>What the search boxes match: the phone's digits in any format, or a name staff gave it.</summary>
public static class NumberSearch
{
    /// <summary>A filter for <paramref name="search"/>, worked out once for a whole list (the grid's CSV applies the same).</summary>
    public static Func<NumberView, bool> For(string? search) => FleetFilter.SearchFor(search);
}

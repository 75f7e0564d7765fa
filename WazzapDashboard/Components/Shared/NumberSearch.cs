using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Shared;

/// <summary>What the search boxes match: the phone's digits in any format, or a name staff gave it.</summary>
public static class NumberSearch
{
    public static bool Matches(NumberView n, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return true;
        var text = search.Trim();
        var digits = new string(text.Where(char.IsDigit).ToArray());
        return (digits.Length > 0 && n.Phone.Contains(digits, StringComparison.Ordinal))
            || new[] { n.AccountName, n.Client, n.Label, n.Owner }.Any(field => field?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
    }
}

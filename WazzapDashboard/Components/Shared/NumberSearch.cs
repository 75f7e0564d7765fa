using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Shared;

/// <summary>What the search boxes match: the phone's digits in any format, or a name staff gave it.</summary>
public static class NumberSearch
{
    /// <summary>A filter for <paramref name="search"/>, worked out once for a whole list.</summary>
    public static Func<NumberView, bool> For(string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return _ => true;
        var text = search.Trim();
        var digits = new string(text.Where(char.IsDigit).ToArray());
        return n => (digits.Length > 0 && n.Phone.Contains(digits, StringComparison.Ordinal))
            || Has(n.AccountName, text) || Has(n.Client, text) || Has(n.Label, text) || Has(n.Owner, text);
    }

    private static bool Has(string? field, string text) => field?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false;
}

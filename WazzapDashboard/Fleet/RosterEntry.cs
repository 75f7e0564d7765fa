using WazzapDashboard.Localization;

namespace WazzapDashboard.Fleet;

/// <summary>What staff record about a number: the client (sub-account) it belongs to, a label, who owns it.</summary>
public sealed record RosterEntry(string? Client = null, string? Label = null, string? Owner = null, string? Notes = null, bool RunsCampaign = false)
{
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 4000;

    /// <summary>Trimmed, with blanks as null, so "" and "  " never make a client of their own.</summary>
    public RosterEntry Tidy() => new(Clean(Client), Clean(Label), Clean(Owner), Clean(Notes), RunsCampaign);

    /// <summary>What is wrong with the entry, one sentence per problem; empty when it can be saved.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[] { ("client", Client), ("label", Label), ("owner", Owner) })
        {
            if (value?.Length > MaxNameLength) yield return Text.Get("Problem_TooLong", name, MaxNameLength);
        }
        if (Notes?.Length > MaxNotesLength) yield return Text.Get("Problem_TooLong", "notes", MaxNotesLength);
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A number added to the roster: <c>POST /api/numbers</c>'s body.</summary>
public sealed record NewNumber(string? Phone, string? Client = null, string? Label = null, string? Owner = null, string? Notes = null, bool RunsCampaign = false)
{
    public RosterEntry Entry => new(Client, Label, Owner, Notes, RunsCampaign);
}

/// <summary>Who confirmed something by hand, and why: the optional body of check-in and reconnected.</summary>
public sealed record Confirmation(string? By = null, string? Note = null)
{
    public Confirmation Tidy() => new(RosterEntry.Clean(By), RosterEntry.Clean(Note));

    public IEnumerable<string> Problems()
    {
        if (By?.Length > RosterEntry.MaxNameLength) yield return Text.Get("Problem_TooLong", "by", RosterEntry.MaxNameLength);
        if (Note?.Length > RosterEntry.MaxNotesLength) yield return Text.Get("Problem_TooLong", "note", RosterEntry.MaxNotesLength);
    }
}

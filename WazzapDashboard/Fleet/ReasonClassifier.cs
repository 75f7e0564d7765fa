using System.Text.RegularExpressions;

namespace WazzapDashboard.Fleet;

/// <summary>
/// Reads a gateway's free-text reason for its meaning. Checked in order, first match wins:
/// a ban outranks everything; "another device / WhatsApp Web" outranks "logged out", since a
/// kicked session is often reported as a logout.
/// </summary>
public static partial class ReasonClassifier
{
    private static readonly (ReasonCategory Category, Regex Pattern)[] Rules =
    [
        (ReasonCategory.Banned, Banned()),
        (ReasonCategory.SlotReused, SlotReused()),
        (ReasonCategory.DeviceChanged, DeviceChanged()),
        (ReasonCategory.LoggedOut, LoggedOut()),
        (ReasonCategory.PhoneOffline, PhoneOffline()),
        (ReasonCategory.AppUpdate, AppUpdate()),
    ];

    public static ReasonCategory Classify(string? reason, string? eventType = null)
    {
        foreach (var text in new[] { reason, eventType })
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            foreach (var (category, pattern) in Rules)
            {
                if (pattern.IsMatch(text)) return category;
            }
        }
        return ReasonCategory.Unknown;
    }

    public static bool SaysBanned(string? reason) => reason is not null && Banned().IsMatch(reason);

    [GeneratedRegex(@"\bban(ned|s)?\b|\bblock(ed)?\b|suspend|restricted|policy|spam|terms of service|\btos\b", RegexOptions.IgnoreCase)]
    private static partial Regex Banned();

    [GeneratedRegex(@"whats\s?app\s?web|another (device|session|browser)|other device|device limit|max(imum)? (number of )?(linked )?devices|too many (linked )?devices|slot|replaced|taken over|kicked|conflict|opened elsewhere|newer session", RegexOptions.IgnoreCase)]
    private static partial Regex SlotReused();

    [GeneratedRegex(@"\bsim\b|new (phone|device|handset)|(phone|device|number) (changed|change|swap)|changed (phone|device)|swap|re-?install|restor(e|ed)|re-?registered|migrat", RegexOptions.IgnoreCase)]
    private static partial Regex DeviceChanged();

    [GeneratedRegex(@"log(ged)?[\s_-]?out|sign(ed)?[\s_-]?out|unlink|removed (the )?(linked )?device|user (left|removed)", RegexOptions.IgnoreCase)]
    private static partial Regex LoggedOut();

    [GeneratedRegex(@"offline|not (been )?online|inactiv|unreachable|14[\s-]?days?|two weeks|expired|timed? ?out|no (recent )?(activity|contact)", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneOffline();

    [GeneratedRegex(@"updat|upgrad|maintenance|new version|version", RegexOptions.IgnoreCase)]
    private static partial Regex AppUpdate();
}

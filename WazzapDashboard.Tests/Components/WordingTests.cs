using System.Globalization;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;
using WazzapDashboard.Components.Shared;

namespace WazzapDashboard.Tests.Components;

public class WordingTests
{
    [Theory]
    [InlineData(0, "under a minute")]
    [InlineData(59, "under a minute")]
    [InlineData(60, "1 min")]
    [InlineData(45 * 60, "45 min")]
    [InlineData(3600, "1 h")]
    [InlineData(2 * 3600 + 5 * 60, "2 h 5 min")]
    [InlineData(86400, "1 d")]
    [InlineData(3 * 86400 + 4 * 3600 + 59 * 60, "3 d 4 h")]
    public void DurationsUseTwoUnitsAtMost(int seconds, string expected) =>
        Assert.Equal(expected, Wording.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(100.0, "en", "100%")]
    [InlineData(99.97, "en", "99.9%")]
    [InlineData(75.04, "en", "75.0%")]
    [InlineData(null, "en", "–")]
    [InlineData(95.83, "es", "95,8 %")]
    [InlineData(99.97, "es", "99,9 %")]
    [InlineData(95.83, "pt-BR", "95,8%")]
    public void PercentNeverRoundsAnOutageAwayTo100AndFollowsTheCulture(double? value, string culture, string expected)
    {
        using var language = new CultureScope(CultureInfo.GetCultureInfo(culture));
        // ICU puts a no-break space before "%" in Spanish.
        Assert.Equal(expected, Wording.Percent(value)?.Replace('\u00a0', ' ').Replace('\u202f', ' '));
    }

    [Fact]
    public void PrettyJsonIndentsAndKeepsPlusSignsReadable()
    {
        var pretty = Wording.PrettyJson("""{"phone":"+5215512345678","data":{"reason":"café"}}""");

        Assert.Equal("{\n  \"phone\": \"+5215512345678\",\n  \"data\": {\n    \"reason\": \"café\"\n  }\n}", pretty.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void PrettyJsonLeavesTextThatIsNotJsonAlone() =>
        Assert.Equal("not json {", Wording.PrettyJson("not json {"));

    [Theory]
    [InlineData(6, false, "WhatsApp unlinks it in 6 days unless the phone comes online.")]
    [InlineData(1, false, "WhatsApp unlinks it in 1 day unless the phone comes online.")]
    [InlineData(0, false, "WhatsApp unlinks it today unless the phone comes online.")]
    [InlineData(0, true, "Expired today: the link has probably dropped already.")]
    [InlineData(-3, true, "Expired, overdue by 3 days: the link has probably dropped already.")]
    public void ExpiryCountsDownForAConnectedNumber(int days, bool expired, string expected) =>
        Assert.Equal(expected, Wording.Expiry(View(NumberStatus.Connected) with { DaysUntilExpiry = days, Expired = expired }));

    [Fact]
    public void AnExpiredNumberIsConnectedOnlyOnPaper() =>
        Assert.Equal("Connected on paper, but the phone has been offline past WhatsApp's 10-day limit",
            Wording.Headline(View(NumberStatus.Connected) with { AtRisk = true, DaysUntilExpiry = -1, Expired = true }, expiryDays: 10));

    [Fact]
    public void ExpiryDoesNotApplyToADroppedNumber() =>
        Assert.Null(Wording.Expiry(View(NumberStatus.Disconnected) with { DaysUntilExpiry = 3 }));

    [Theory]
    [InlineData(NumberStatus.Disconnected, ReasonCategory.PhoneOffline, "Phone offline too long (linked-device expiry)")]
    [InlineData(NumberStatus.Disconnected, null, "No reason given")]
    [InlineData(NumberStatus.Banned, ReasonCategory.Banned, "Banned by WhatsApp")]
    [InlineData(NumberStatus.Connected, null, "Working normally")]
    [InlineData(NumberStatus.Unknown, null, "No events received yet")]
    public void HeadlineSaysWhatIsGoingOn(NumberStatus status, ReasonCategory? category, string expected) =>
        Assert.Equal(expected, Wording.Headline(View(status) with { ReasonCategory = category }, expiryDays: 14));

    private static NumberView View(NumberStatus status) =>
        new("+6281234567890", status, null, null, "ID", null, null, null, null, false, null);
}

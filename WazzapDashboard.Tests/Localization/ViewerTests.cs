using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Tests.Localization;

/// <summary>Times shown in the viewer's zone and culture, on a fake clock, either side of UTC and across a DST change.</summary>
public class ViewerTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 2, 20, 3, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("America/Mexico_City", "es", "2 dic 2026, 14:03", "America/Mexico_City (UTC-06:00)")]
    [InlineData("Asia/Jakarta", "en", "3 Dec 2026, 03:03", "Asia/Jakarta (UTC+07:00)")]
    [InlineData("America/Sao_Paulo", "pt-BR", "2 dez. 2026, 17:03", "America/Sao_Paulo (UTC-03:00)")]
    [InlineData("UTC", "en", "2 Dec 2026, 20:03", "UTC")]
    public void ShowsTheTimeInTheViewersZoneAndCulture(string zone, string culture, string expected, string zoneName)
    {
        using var language = new CultureScope(CultureInfo.GetCultureInfo(culture));
        var viewer = new Viewer(Cultures.Zone(zone)!);
        var now = Clock.GetUtcNow();

        Assert.Equal(expected, viewer.Time(now));
        Assert.Equal(zoneName, viewer.ZoneName(now));
    }

    [Fact]
    public void FollowsDaylightSavingTime()
    {
        using var language = new CultureScope(CultureInfo.GetCultureInfo("en"));
        var newYork = new Viewer(Cultures.Zone("America/New_York")!);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero)); // 01:30 EST

        Assert.Equal("01:30", newYork.Clock(clock.GetUtcNow()));
        Assert.Equal("America/New_York (UTC-05:00)", newYork.ZoneName(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromHours(1)); // clocks jump from 02:00 to 03:00
        Assert.Equal("03:30", newYork.Clock(clock.GetUtcNow()));
        Assert.Equal("America/New_York (UTC-04:00)", newYork.ZoneName(clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("es-MX", "es")]
    [InlineData("es", "es")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-PT", "pt-BR")]
    [InlineData("en-GB", "en")]
    [InlineData("de", null)]
    [InlineData("not a culture", null)]
    public void ASupportedLanguageIsFoundFromItsRegionalVariants(string asked, string? expected) =>
        Assert.Equal(expected, Cultures.Find(asked)?.Name);

    [Fact]
    public void OnlyRealZonesAreAccepted()
    {
        Assert.Equal("America/Mexico_City", Cultures.Zone("America/Mexico_City")?.Id);
        Assert.Null(Cultures.Zone("Mars/Olympus_Mons"));
        Assert.Contains("America/Mexico_City", Cultures.ZoneIds);
    }
}

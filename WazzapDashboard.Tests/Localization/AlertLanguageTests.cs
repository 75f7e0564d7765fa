using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Localization;

/// <summary>A channel's language is the language of its messages; times in them are in its zone.</summary>
public class AlertLanguageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 20, 3, 0, TimeSpan.Zero);

    private static Transition Drop() => new(ChangeKind.Disconnected, "+6281234567890", "Acme", "Ventas 1", "Session replaced",
        ReasonCategory.SlotReused, null, At, null, 0);

    [Theory]
    [InlineData("es", "America/Mexico_City", "Ventas 1 (+62 812-3456-7890) se desconectó", "Desde: 2 dic 14:03 (UTC-06:00)", "Motivo: Espacio de dispositivo vinculado ocupado")]
    [InlineData("pt-BR", "America/Sao_Paulo", "Ventas 1 (+62 812-3456-7890) desconectou", "Desde: 2 dez. 17:03 (UTC-03:00)", "Motivo: Vaga de aparelho conectado ocupada")]
    [InlineData("en", "Asia/Jakarta", "Ventas 1 (+62 812-3456-7890) disconnected", "Since: 3 Dec 03:03 (UTC+07:00)", "Reason: Linked-device slot taken")]
    public void MessagesSpeakTheChannelsLanguageInItsZone(string language, string zone, string title, string since, string reason)
    {
        var context = new MessageContext(Cultures.Zone(zone)!, At, 5, ExpiryDays: 14, Culture: CultureInfo.GetCultureInfo(language));

        var message = Messages.Single(Drop(), context);

        Assert.Equal(title, message.Title);
        Assert.Contains(since, message.Text);
        Assert.Contains(reason, message.Text);
    }

    [Theory]
    [InlineData("es", "Sin webhooks de Wazzapi desde 2 dic 14:03", "Qué hacer: revisa el estado del gateway")]
    [InlineData("pt-BR", "Nenhum webhook de Wazzapi desde 2 dez. 14:03", "O que fazer: confira o status do gateway")]
    public void AGatewayGoingQuietIsToldInTheChannelsLanguage(string language, string title, string hint)
    {
        var context = new MessageContext(Cultures.Zone("America/Mexico_City")!, At, 5, ExpiryDays: 14, Culture: CultureInfo.GetCultureInfo(language));

        var message = Messages.Single(new Transition(ChangeKind.GatewaySilent, Sources.Wazzapi, null, null, null, null, null, At), context);

        Assert.Equal(title, message.Title);
        Assert.Contains(hint, message.Text);
    }

    [Fact]
    public async Task AChannelKeepsItsLanguage()
    {
        await using var app = new WazzapApplication();
        var settings = app.Services.GetRequiredService<AlertSettings>();

        var problems = settings.SaveChannel(new AlertChannel { Name = "ops", Type = ChannelType.Slack, Url = "https://hooks.example/x", Language = "es", TimeZone = "America/Mexico_City" }, creating: true);

        Assert.Empty(problems);
        var channel = Assert.Single(settings.Channels(), c => c.Name == "ops");
        Assert.Equal("es", channel.Culture.Name);
        Assert.NotEmpty(new AlertChannel { Name = "x", Type = ChannelType.Slack, Url = "https://hooks.example/x", Language = "klingon" }.Problems());
    }
}

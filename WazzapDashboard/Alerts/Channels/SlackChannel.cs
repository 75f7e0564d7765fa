using System.Net.Http.Json;

namespace WazzapDashboard.Alerts.Channels;

/// <summary>
/// A Slack incoming webhook, or anything that speaks its <c>{"text": …}</c> (Mattermost, Rocket.Chat,
/// Discord's <c>/slack</c> endpoint, Google Chat).
/// </summary>
public static class SlackChannel
{
    public static async Task Send(HttpClient http, AlertChannel channel, Outgoing message, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrEmpty(message.Text) ? $"*{message.Title}*" : $"*{message.Title}*\n{message.Text}";
        using var response = await http.PostAsJsonAsync(channel.Url, new { text }, cancellationToken);
        await ChannelRefusedException.ThrowUnlessSuccess(response, cancellationToken);
    }
}

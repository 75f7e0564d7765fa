using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WazzapDashboard.Alerts.Channels;

/// <summary>
/// A Slack incoming webhook, or anything that speaks its <c>{"text": …}</c> (Mattermost, Rocket.Chat,
/// Discord's <c>/slack</c> endpoint, Google Chat).
/// </summary>
public static class SlackChannel
{
    /// <summary>"+6281…" and accents as they are, not \u002B6281…: the body is JSON, never HTML.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task Send(HttpClient http, AlertChannel channel, Outgoing message, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrEmpty(message.Text) ? $"*{message.Title}*" : $"*{message.Title}*\n{message.Text}";
        using var response = await http.PostAsJsonAsync(channel.Url, new { text }, Json, cancellationToken);
        await ChannelRefusedException.ThrowUnlessSuccess(response, cancellationToken);
    }
}

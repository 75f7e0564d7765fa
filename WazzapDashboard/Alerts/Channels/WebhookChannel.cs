using System.Net.Http.Headers;
using System.Text;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Alerts.Channels;

/// <summary>
/// A generic JSON webhook (HighLevel inbound webhook, Zapier, Pabbly, n8n, an agency's own endpoint).
/// With a secret, each body is signed the way Wazzapi signs its own: <c>sha256=</c> + hex HMAC-SHA256
/// of the exact body bytes. The delivery id stays the same across retries, for the receiver to dedupe.
/// </summary>
public static class WebhookChannel
{
    public const string SignatureHeader = "X-WazzapDashboard-Signature";
    public const string DeliveryHeader = "X-WazzapDashboard-Delivery";
    public const string EventHeader = "X-WazzapDashboard-Event";

    public static async Task Send(HttpClient http, AlertChannel channel, Outgoing message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(DeliveryHeader, message.DeliveryId);
        request.Headers.Add(EventHeader, message.Event);
        if (!string.IsNullOrEmpty(channel.Secret))
        {
            request.Headers.Add(SignatureHeader, WebhookSignature.Sign(body, channel.Secret));
        }
        using var response = await http.SendAsync(request, cancellationToken);
        await ChannelRefusedException.ThrowUnlessSuccess(response, cancellationToken);
    }
}

using Microsoft.Extensions.Options;

namespace WazzapDashboard.Alerts.Channels;

/// <summary>One delivery: the message's text for people and its JSON for webhooks, with a stable id.</summary>
public sealed record Outgoing(string DeliveryId, string Event, string Title, string Text, string Body);

/// <summary>Sends to whichever kind of channel. Throws when the channel did not accept the message.</summary>
public sealed class ChannelSender(IHttpClientFactory httpClients, IOptions<AlertsOptions> options)
{
    /// <summary>The named HttpClient, with the resilience pipeline configured in <see cref="AlertsExtensions"/>.</summary>
    public const string HttpClientName = "alerts";

    public Task Send(AlertChannel channel, Outgoing message, CancellationToken cancellationToken) => channel.Type switch
    {
        ChannelType.Slack => SlackChannel.Send(httpClients.CreateClient(HttpClientName), channel, message, cancellationToken),
        ChannelType.Email => EmailChannel.Send(channel, message, options.Value.Delivery.Timeout, cancellationToken),
        _ => WebhookChannel.Send(httpClients.CreateClient(HttpClientName), channel, message, cancellationToken),
    };

    /// <summary>What went wrong, for the page: short, and never the URL (its path can be the secret).</summary>
    public static string Describe(Exception ex)
    {
        var text = ex switch
        {
            ChannelRefusedException refused => refused.Message,
            HttpRequestException { HttpRequestError: var error } http => $"{error}: {http.Message}",
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        return text.Length > 500 ? text[..500] + "…" : text;
    }
}

/// <summary>The receiver answered, but not with success.</summary>
public sealed class ChannelRefusedException(string message) : Exception(message)
{
    public static async Task ThrowUnlessSuccess(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length > 200) body = body[..200] + "…";
        throw new ChannelRefusedException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length > 0 ? $": {body}" : "")}");
    }
}

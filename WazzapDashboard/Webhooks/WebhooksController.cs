using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WazzapDashboard.Access;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Webhooks.Payloads;

namespace WazzapDashboard.Webhooks;

/// <summary>
/// The gateways' deliveries. Each answer is a promise to the sender: 200 only once the delivery is
/// committed (its retries stop), 503 when the writer is full (it retries), 4xx when retrying cannot help.
/// </summary>
[ApiController]
[Route("webhooks")]
[AllowAnonymous]
[EnableRateLimiting(AccessExtensions.WebhookLimit)]
public sealed partial class WebhooksController(
    FleetWriter writer,
    TimeProvider time,
    IOptionsMonitor<WazzapiOptions> wazzapi,
    IOptionsMonitor<WazzapOptions> wazzap,
    ILogger<WebhooksController> logger) : ControllerBase
{
    public const int MaxBodyBytes = 256 * 1024;

    [HttpPost("wazzapi")]
    public async Task<IActionResult> Wazzapi()
    {
        var (body, refusal) = await ReadJsonBody();
        if (refusal is not null) return refusal;

        if (!WebhookSignature.IsValid(body, Request.Headers[WebhookSignature.Header], wazzapi.CurrentValue.WebhookSecrets))
        {
            LogRejected("wazzapi", "bad or missing signature");
            return Refuse(StatusCodes.Status401Unauthorized, "Invalid signature",
                $"{WebhookSignature.Header} is missing or does not match the body under any configured secret.");
        }

        var delivery = new Delivery(Encoding.UTF8.GetString(body), Request.Headers["X-Wazzapi-Event-ID"].FirstOrDefault(), time.GetUtcNow());
        return await Store(PayloadParser.Wazzapi(delivery));
    }

    [HttpPost("wazzap/{token}")]
    public async Task<IActionResult> Wazzap(string token)
    {
        if (!Secrets.Equal(token, wazzap.CurrentValue.WebhookToken))
        {
            LogRejected("wazzap", "wrong token");
            return Refuse(StatusCodes.Status401Unauthorized, "Invalid token", "The webhook URL's token does not match Wazzap:WebhookToken.");
        }

        var (body, refusal) = await ReadJsonBody();
        if (refusal is not null) return refusal;

        var delivery = new Delivery(Encoding.UTF8.GetString(body), null, time.GetUtcNow());
        return await Store(PayloadParser.Wazzap(delivery));
    }

    private async Task<IActionResult> Store(ParseResult parsed)
    {
        if (parsed.Event is not { } e)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Invalid payload", parsed.Error);
        }

        if (writer.TrySubmit(e) is not { } commit)
        {
            LogQueueFull();
            Response.Headers.RetryAfter = "5";
            return Refuse(StatusCodes.Status503ServiceUnavailable, "Busy", "The write queue is full; retry shortly.");
        }

        var result = await commit;
        return Ok(new { result = result.ToWire() });
    }

    /// <summary>The raw body, or the 415/413 answer that refuses it.</summary>
    private async Task<(byte[] Body, IActionResult? Refusal)> ReadJsonBody()
    {
        if (!Request.HasJsonContentType())
        {
            return ([], Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }
        return await RequestBody.ReadAsync(Request, MaxBodyBytes) is { } body ? (body, null) : ([], TooLarge());
    }

    private ObjectResult TooLarge() =>
        Refuse(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Webhook bodies are limited to {MaxBodyBytes / 1024} KiB.");

    private ObjectResult Refuse(int status, string title, string? detail) =>
        Problem(detail: detail, statusCode: status, title: title);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Why}.")]
    private partial void LogRejected(string source, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook write queue is full; answering 503.")]
    private partial void LogQueueFull();
}

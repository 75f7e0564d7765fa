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
    FleetMetrics metrics,
    TimeProvider time,
    IOptionsMonitor<WazzapiOptions> wazzapi,
    IOptionsMonitor<WazzapOptions> wazzap,
    ILogger<WebhooksController> logger) : ControllerBase
{
    public const int MaxBodyBytes = 256 * 1024;

    [HttpPost("wazzapi")]
    public async Task<IActionResult> Wazzapi()
    {
        var (body, refusal) = await ReadJsonBody(WazzapiSource);
        if (refusal is not null) return refusal;

        if (!WebhookSignature.IsValid(body, Request.Headers[WebhookSignature.Header], wazzapi.CurrentValue.WebhookSecrets))
        {
            LogRejected(WazzapiSource, "bad or missing signature");
            return Refuse(WazzapiSource, StatusCodes.Status401Unauthorized, "Invalid signature",
                $"{WebhookSignature.Header} is missing or does not match the body under any configured secret.");
        }

        var delivery = new Delivery(Encoding.UTF8.GetString(body), Request.Headers["X-Wazzapi-Event-ID"].FirstOrDefault(), time.GetUtcNow());
        return await Store(WazzapiSource, PayloadParser.Wazzapi(delivery));
    }

    [HttpPost("wazzap/{token}")]
    public async Task<IActionResult> Wazzap(string token)
    {
        if (!Secrets.Equal(token, wazzap.CurrentValue.WebhookToken))
        {
            LogRejected(WazzapSource, "wrong token");
            return Refuse(WazzapSource, StatusCodes.Status401Unauthorized, "Invalid token", "The webhook URL's token does not match Wazzap:WebhookToken.");
        }

        var (body, refusal) = await ReadJsonBody(WazzapSource);
        if (refusal is not null) return refusal;

        var delivery = new Delivery(Encoding.UTF8.GetString(body), null, time.GetUtcNow());
        return await Store(WazzapSource, PayloadParser.Wazzap(delivery));
    }

    private const string WazzapiSource = "wazzapi";
    private const string WazzapSource = "wazzap";

    private async Task<IActionResult> Store(string source, ParseResult parsed)
    {
        if (parsed.Event is not { } e)
        {
            return Refuse(source, StatusCodes.Status400BadRequest, "Invalid payload", parsed.Error);
        }

        if (writer.TrySubmit(e) is not { } commit)
        {
            LogQueueFull();
            Response.Headers.RetryAfter = "5";
            return Refuse(source, StatusCodes.Status503ServiceUnavailable, "Busy", "The write queue is full; retry shortly.");
        }

        var result = (await commit).ToWire();
        metrics.Delivery(source, result);
        return Ok(new { result });
    }

    /// <summary>The raw body, or the 415/413 answer that refuses it.</summary>
    private async Task<(byte[] Body, IActionResult? Refusal)> ReadJsonBody(string source)
    {
        if (!Request.HasJsonContentType())
        {
            return ([], Refuse(source, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }
        return await RequestBody.ReadAsync(Request, MaxBodyBytes) is { } body
            ? (body, null)
            : ([], Refuse(source, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Webhook bodies are limited to {MaxBodyBytes / 1024} KiB."));
    }

    /// <summary>A refusal, counted under the reason it gives the sender.</summary>
    private ObjectResult Refuse(string source, int status, string title, string? detail)
    {
        metrics.Delivery(source, status switch
        {
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status400BadRequest => "invalid",
            StatusCodes.Status413PayloadTooLarge => "too_large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            StatusCodes.Status503ServiceUnavailable => "busy",
            _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return Problem(detail: detail, statusCode: status, title: title);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Why}.")]
    private partial void LogRejected(string source, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook write queue is full; answering 503.")]
    private partial void LogQueueFull();
}

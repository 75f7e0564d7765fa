namespace WazzapDashboard.Webhooks;

/// <summary>Section <c>Wazzapi</c>.</summary>
public sealed class WazzapiOptions
{
    /// <summary>Every secret a signature may be made with: list the new one beside the old while rotating.</summary>
    public string[] WebhookSecrets { get; set; } = [];
}

/// <summary>Section <c>Wazzap</c>.</summary>
public sealed class WazzapOptions
{
    /// <summary>The secret path segment of <c>/webhooks/wazzap/{token}</c>; Wazzap signs nothing, so the URL is the secret.</summary>
    public string? WebhookToken { get; set; }
}

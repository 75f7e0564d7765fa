namespace WazzapDashboard.Alerts;

/// <summary>The alerts feature's log messages. Channel names and ids only: no phone numbers, bodies or secrets.</summary>
internal static partial class AlertsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} alert message(s) for channel {Channel} ({Mode}).")]
    public static partial void MessagesQueued(this ILogger logger, int count, string channel, Flush mode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Routed {Count} change(s) to channels; {Numbers} number state(s) updated.")]
    public static partial void ChangesRouted(this ILogger logger, int count, int numbers);

    [LoggerMessage(Level = LogLevel.Error, Message = "An alerts pass failed; it will run again.")]
    public static partial void PassFailed(this ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered alert {Id} to channel {Channel} (attempt {Attempt}).")]
    public static partial void Delivered(this ILogger logger, long id, string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Id} to channel {Channel} failed (attempt {Attempt}, next at {NextAttempt:u}): {Error}")]
    public static partial void DeliveryFailed(this ILogger logger, long id, string channel, int attempt, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up on alert {Id} to channel {Channel} after {Attempts} attempts: {Error}")]
    public static partial void GaveUp(this ILogger logger, long id, string channel, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed {Count} event(s) to channel {Channel}.")]
    public static partial void Relayed(this ILogger logger, int count, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay to channel {Channel} failed (next at {NextAttempt:u}): {Error}")]
    public static partial void RelayFailed(this ILogger logger, string channel, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert sender's pass failed; it will run again.")]
    public static partial void SenderFailed(this ILogger logger, Exception ex);
}

namespace WazzapDashboard.Scaling;

/// <summary>The scaling feature's log messages: no phone numbers or payloads.</summary>
internal static partial class ScalingLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not reachable: changes taken here do not reach the other instances until it is.")]
    public static partial void RedisAway(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not listen for the other instances' changes on Redis; trying again when the connection comes back.")]
    public static partial void ListenFailed(this ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending changes to the other instances over Redis fails; ingestion goes on, and this is logged once until sending works again.")]
    public static partial void SendFailed(this ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Changes reach the other instances over Redis again.")]
    public static partial void SendingAgain(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the fleet to catch up on the changes missed while Redis was away; pages catch up with each number's next change.")]
    public static partial void CatchUpFailed(this ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change message on Redis could not be read; it was skipped.")]
    public static partial void UnreadableMessage(this ILogger logger, Exception ex);
}

namespace WazzapDashboard.Components.Wall;

internal static partial class WallLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The wall's clock failed; the wall stops turning pages and its clock stands still until it is reloaded.")]
    public static partial void ClockFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The wall could not start its liveness check or chime in the browser.")]
    public static partial void BrowserPartFailed(ILogger logger, Exception exception);
}

namespace WazzapDashboard;

public static class HostLifetime
{
    /// <summary>
    /// Completes once every hosted service has started (and the server listens), or is cancelled
    /// with <paramref name="stoppingToken"/>.
    /// </summary>
    public static async Task WhenStarted(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }
}

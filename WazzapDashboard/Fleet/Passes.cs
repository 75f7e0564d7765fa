namespace WazzapDashboard.Fleet;

/// <summary>
/// Lets a caller wait for a background loop's next whole pass: one that begins after the caller asks.
/// The loop calls <see cref="Begin"/> as each pass starts and completes what it returns when the pass ends.
/// </summary>
public sealed class Passes
{
    private TaskCompletionSource _next = New();

    /// <summary>Completes when a pass that begins after this call has ended.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public TaskCompletionSource Begin() => Interlocked.Exchange(ref _next, New());

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

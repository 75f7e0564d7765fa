using System.Threading.Channels;

namespace WazzapDashboard.Fleet;

/// <summary>
/// Wakes a background loop and lets a caller wait for its next whole pass: one that begins after the
/// caller asks. The loop calls <see cref="Begin"/> as each pass starts, completes what it returns when
/// the pass ends, and between passes waits on <see cref="Woken"/> beside its other reasons to run.
/// </summary>
/// <remarks>
/// The wake is a flag held in a channel of one, taken only by <see cref="Begin"/>. A wait that is
/// cancelled never takes it, so a wake that lands while the loop stops waiting for something else is
/// not lost (a <see cref="SemaphoreSlim"/> would hand it to the cancelled waiter).
/// </remarks>
public sealed class Passes
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private TaskCompletionSource _next = New();

    /// <summary>Asks for a pass now rather than at the loop's next tick.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Wakes the loop; completes once a pass begun after this call has ended.</summary>
    public Task Next()
    {
        var next = Volatile.Read(ref _next).Task;
        Wake();
        return next;
    }

    /// <summary>Completes when a pass has been asked for since the last one began.</summary>
    public Task Woken(CancellationToken cancellationToken) => _wake.Reader.WaitToReadAsync(cancellationToken).AsTask();

    /// <summary>Starts a pass: takes the wake it answers, and returns what to complete when the pass ends.</summary>
    public TaskCompletionSource Begin()
    {
        _wake.Reader.TryRead(out _);
        return Interlocked.Exchange(ref _next, New());
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

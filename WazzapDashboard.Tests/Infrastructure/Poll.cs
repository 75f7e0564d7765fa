namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// The one way tests wait for something the app does on its own threads: check, and check again soon,
/// until it holds or a generous deadline passes (which only a failing test ever reaches). Never a fixed
/// sleep: a test that waits for nothing to happen waits for a signal instead (a pass finished, a clock moved).
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task Until(Func<bool> condition, string what = "the condition", TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Deadline);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Runs <paramref name="assertion"/> until it passes; its last failure is the test's failure.</summary>
    public static async Task Until(Action assertion)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }
    }

    /// <summary>The first non-null value <paramref name="find"/> gives.</summary>
    public static async Task<T> For<T>(Func<T?> find, string what = "a value") where T : class
    {
        T? found = null;
        await Until(() => (found = find()) is not null, what);
        return found!;
    }
}

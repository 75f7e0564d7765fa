using System.Runtime.CompilerServices;
using Bunit;

namespace WazzapDashboard.Tests.Infrastructure;

internal static class TestDefaults
{
    /// <summary>
    /// bUnit's waits and Playwright's expectations get the same generous deadline as <see cref="Poll"/>: a wait ends as soon as its
    /// condition holds, so only a failing test ever waits this long, and a loaded machine never fails a good one.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        BunitContext.DefaultWaitTimeout = Poll.Deadline;
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout((float)Poll.Deadline.TotalMilliseconds);
        // One test process hosts dozens of apps at once, each with its background loops, and some tests block
        // a thread on a result; start with enough pool threads that a loop waiting to run is never starved
        // while the pool grows one thread at a time.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}

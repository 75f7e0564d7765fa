using System.Runtime.CompilerServices;
using Bunit;

namespace WazzapDashboard.Tests.Infrastructure;

internal static class TestDefaults
{
    /// <summary>
    /// bUnit's waits get the same generous deadline as <see cref="Poll"/>: a wait ends as soon as its
    /// condition holds, so only a failing test ever waits this long, and a loaded machine never fails a good one.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => BunitContext.DefaultWaitTimeout = Poll.Deadline;
}

using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class PassesTests
{
    [Fact]
    public async Task AWakeAfterAWaitWasCancelledReachesTheNextWait()
    {
        // The loop stopped waiting for a wake because its tick came first; a caller then asks for a pass.
        var passes = new Passes();
        using var tickCame = new CancellationTokenSource();
        var abandoned = passes.Woken(tickCame.Token);
        await tickCame.CancelAsync();

        var asked = passes.Next();

        Assert.True(passes.Woken(CancellationToken.None).IsCompleted);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.False(asked.IsCompleted);
    }

    [Fact]
    public async Task APassTakesTheWakeItAnswersAndCompletesWhatWasAskedBeforeIt()
    {
        var passes = new Passes();
        var asked = passes.Next();

        var pass = passes.Begin();
        var woken = passes.Woken(CancellationToken.None);
        Assert.False(woken.IsCompleted);
        Assert.False(asked.IsCompleted);

        pass.TrySetResult();
        await asked;
        passes.Wake();
        await woken;
    }

    [Fact]
    public void AskingDuringAPassWaitsForTheNextOne()
    {
        var passes = new Passes();
        var running = passes.Begin();

        var asked = passes.Next();
        running.TrySetResult();

        Assert.False(asked.IsCompleted);
        Assert.True(passes.Woken(CancellationToken.None).IsCompleted);
        passes.Begin().TrySetResult();
        Assert.True(asked.IsCompleted);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>Everything published on an app's change feed from the moment it subscribes.</summary>
public sealed class FeedRecorder : IDisposable
{
    private readonly ConcurrentQueue<NumberView> _views = new();
    private readonly IDisposable _subscription;

    public FeedRecorder(ChangeFeed feed) =>
        _subscription = feed.Subscribe(views =>
        {
            foreach (var view in views) _views.Enqueue(view);
            return Task.CompletedTask;
        });

    public static FeedRecorder On(WazzapApplication app) => new(app.Services.GetRequiredService<ChangeFeed>());

    /// <summary>A feed to hand the app before it starts (<c>services: s => s.AddSingleton(feed)</c>), recorded from the first publish.</summary>
    public static (ChangeFeed Feed, FeedRecorder Recorder) BeforeStart()
    {
        var feed = new ChangeFeed(NullLogger<ChangeFeed>.Instance);
        return (feed, new FeedRecorder(feed));
    }

    public IReadOnlyList<NumberView> Views => _views.ToArray();

    public Task<NumberView> WaitFor(Func<NumberView, bool> match) =>
        Poll.For(() => _views.FirstOrDefault(match), "a matching view on the change feed");

    public void Dispose() => _subscription.Dispose();
}

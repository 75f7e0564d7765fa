using System.ComponentModel.DataAnnotations;

namespace WazzapDashboard.Components.Wall;

/// <summary>Section <c>Wall</c>: how the operations-room screen pages through a big outage, and whether it chimes.</summary>
public sealed class WallOptions
{
    /// <summary>Seconds each page of tiles stays up when more need attention than fit on the screen.</summary>
    [Range(3, 3600)]
    public int PageSeconds { get; set; } = 15;

    /// <summary>A short beep when a number drops (the TV's browser must allow sound without a click).</summary>
    public bool Chime { get; set; }
}

public static class WallExtensions
{
    public static void AddWall(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<WallOptions>().BindConfiguration("Wall").ValidateDataAnnotations().ValidateOnStart();
}

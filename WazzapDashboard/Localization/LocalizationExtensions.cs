using Microsoft.Extensions.Localization;
using MudBlazor;

namespace WazzapDashboard.Localization;

public static class LocalizationExtensions
{
    /// <summary>Resource-file localization for our texts and MudBlazor's (<see cref="MudTexts"/>).</summary>
    public static void AddLocalization(this WebApplicationBuilder builder) => builder.Services.AddTexts();

    /// <summary>The same, for a bare service collection (component tests).</summary>
    public static IServiceCollection AddTexts(this IServiceCollection services) =>
        services.AddLocalization().AddTransient<MudLocalizer, MudTextsLocalizer>();
}

/// <summary>MudBlazor asks here for its texts in the current UI culture; unknown keys fall back to its English.</summary>
public sealed class MudTextsLocalizer(IStringLocalizer<MudTexts> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}

using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Tests.Localization;

public partial class ResourceTests
{
    public static TheoryData<string, string> Translations() => new()
    {
        { nameof(Text), "es" }, { nameof(Text), "pt-BR" }, { nameof(MudTexts), "es" }, { nameof(MudTexts), "pt-BR" },
    };

    [Theory]
    [MemberData(nameof(Translations))]
    public void EveryNeutralKeyIsTranslatedWithTheSamePlaceholders(string resource, string culture)
    {
        var manager = new ResourceManager($"WazzapDashboard.Localization.{resource}", typeof(Text).Assembly);
        var neutral = Entries(manager, CultureInfo.InvariantCulture);
        var translated = Entries(manager, CultureInfo.GetCultureInfo(culture));

        Assert.NotEmpty(neutral);
        Assert.Empty(neutral.Keys.Except(translated.Keys).Order());
        Assert.Empty(translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key));
        Assert.Empty(neutral.Keys.Where(k => !Placeholders(neutral[k]).SetEquals(Placeholders(translated[k]))).Order());
    }

    [Fact]
    public void EveryKeyTheCodeAsksForExists()
    {
        var manager = new ResourceManager(typeof(Text).FullName!, typeof(Text).Assembly);
        var keys = Entries(manager, CultureInfo.InvariantCulture).Keys.ToHashSet();
        var source = Path.Combine(AppContext.BaseDirectory, "../../../../WazzapDashboard");
        var asked = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Asked().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(asked);
        Assert.Empty(asked.Except(keys).Order());
    }

    /// <summary>Only the entries of that very culture's file, not its fallbacks.</summary>
    private static Dictionary<string, string> Entries(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // L["Key"], L["Key", …] and Text.Get("Key" …) with a literal key.
    [GeneratedRegex("""(?:\bL\[|Text\.Get\()"([A-Za-z]+_[A-Za-z0-9_]+)"[\],]""")]
    private static partial Regex Asked();
}

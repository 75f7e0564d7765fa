using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Components.Roster;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Localization;

/// <summary>The grid, the wall, the number page and the roster in Spanish and Portuguese leave no English behind.</summary>
public class LocalizedPagesTests : ComponentHost
{
    private const string GatewayReason = "Linked device session expired: phone offline";

    public static TheoryData<string, string> Pages() => new()
    {
        { "grid", "es" }, { "grid", "pt-BR" }, { "wall", "es" }, { "wall", "pt-BR" },
        { "number", "es" }, { "number", "pt-BR" }, { "roster", "es" }, { "roster", "pt-BR" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task NoEnglishIsLeftInTheVisibleText(string page, string culture)
    {
        await Deliver("device.disconnected", HoursAgo(5), GatewayReason);
        await Deliver("device.connected", HoursAgo(24 * 10), phone: "+6281111111111");
        using var language = new CultureScope(CultureInfo.GetCultureInfo(culture));
        var viewer = new Viewer(Cultures.Zone("America/Mexico_City")!);

        IRenderedComponent<IComponent> cut = page switch
        {
            "grid" => Render<FleetPage>(viewer),
            "wall" => Render<Wall>(viewer),
            "number" => Render<NumberPage>(viewer, p => p.Add(n => n.Phone, Phone)),
            _ => Render<RosterPage>(viewer),
        };
        // The gateway's own words are data, shown as they came.
        var text = Visible(cut).Replace(GatewayReason, "", StringComparison.Ordinal);

        Assert.Empty(EnglishIn(text, culture));
        Assert.DoesNotMatch(@"\bago\b|\bminutes?\b|\bhours?\b", text); // Humanizer in English
    }

    private IRenderedComponent<IComponent> Render<T>(Viewer viewer, Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        var cut = Context.Render<T>(p =>
        {
            p.AddCascadingValue(viewer);
            parameters?.Invoke(p);
        });
        cut.WaitForState(() => cut.Markup.Contains("+62 812-3456-7890", StringComparison.Ordinal));
        return (IRenderedComponent<IComponent>)(object)cut;
    }

    /// <summary>The text a person sees or hears: text nodes, and the titles, labels and placeholders of elements.</summary>
    private static string Visible(IRenderedComponent<IComponent> cut)
    {
        var texts = new List<string>();
        foreach (var node in cut.Nodes)
        {
            texts.Add(node.TextContent);
            if (node is AngleSharp.Dom.IElement element)
            {
                foreach (var e in element.QuerySelectorAll("*").Prepend(element))
                {
                    texts.AddRange(new[] { "title", "aria-label", "placeholder" }.Select(e.GetAttribute).OfType<string>());
                }
            }
        }
        return string.Join(" \n ", texts);
    }

    /// <summary>Each English resource text (its literal parts) found in the page, unless the translation says the same; wire ids such as device.disconnected in tooltips are data.</summary>
    private static List<string> EnglishIn(string text, string culture)
    {
        var manager = new ResourceManager(typeof(Text).FullName!, typeof(Text).Assembly);
        var english = manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var translated = manager.GetResourceSet(CultureInfo.GetCultureInfo(culture), true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var found = new List<string>();
        foreach (var (key, value) in english)
        {
            foreach (var part in Regex.Split(value, @"\{\d+\}").Select(p => p.Trim(' ', '.', ':', ',', '·', '—', '(', ')', '“', '”', '"', '+')))
            {
                if (part.Count(char.IsLetter) < 3 || translated[key].Contains(part, StringComparison.Ordinal)) continue;
                if (Regex.IsMatch(text, $@"(?<![\p{{L}}._]){Regex.Escape(part)}(?![\p{{L}}])")) found.Add($"{key}: {part}");
            }
        }
        return found;
    }
}

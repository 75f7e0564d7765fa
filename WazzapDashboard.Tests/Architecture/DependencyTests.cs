using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace WazzapDashboard.Tests.Architecture;

/// <summary>
/// Features depend one way:
///
///   Storage, Localization ← Access ← Fleet ← Webhooks, Live, History, Alerts, Demo, Hosting, Observability, Reconciliation, Scaling ← Components
///
/// Storage is the database; Localization is the texts in each language and the viewer's time zone, and uses
/// no other feature; Access is who may do what, which every endpoint names; Fleet is the numbers,
/// their rules and their change feed. The features above Fleet may use one another without a loop, and
/// only the pages (and Program) use the pages. A new top-level folder joins the list before it can pass.
/// </summary>
public class DependencyTests
{
    private static readonly ArchUnitNET.Domain.Architecture App =
        new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();

    private static readonly string[] Features =
        ["Storage", "Localization", "Access", "Fleet", "Webhooks", "Live", "History", "Alerts", "Demo", "Hosting", "Observability", "Reconciliation", "Scaling", "Components"];

    [Fact]
    public void FeaturesDependOnEachOtherWithoutALoop()
    {
        var uses = App.Types
            .SelectMany(t => t.Dependencies.Select(d => (From: FeatureOf(t), To: FeatureOf(d.Target), Why: $"{t.FullName} -> {d.Target.FullName}")))
            .Where(e => e.From is not null && e.To is not null && e.From != e.To)
            .GroupBy(e => (e.From!, e.To!))
            .ToDictionary(g => g.Key, g => g.First().Why);

        var loops = uses.Keys
            .Where(edge => Reaches(edge.Item2, edge.Item1, uses.Keys, []))
            .Select(edge => $"{edge.Item1} -> {edge.Item2} ({uses[edge]}) is part of a loop");

        Assert.Empty(loops);
    }

    private static bool Reaches(string from, string to, ICollection<(string, string)> edges, HashSet<string> seen) =>
        from == to || (seen.Add(from) && edges.Where(e => e.Item1 == from).Any(e => Reaches(e.Item2, to, edges, seen)));

    private static string? FeatureOf(IType type) =>
        type.Namespace?.FullName is { } name
            ? Features.FirstOrDefault(f => name == $"WazzapDashboard.{f}" || name.StartsWith($"WazzapDashboard.{f}.", StringComparison.Ordinal))
            : null;

    [Theory]
    [InlineData("Storage")]
    [InlineData("Localization")]
    [InlineData("Access", "Storage", "Localization")]
    [InlineData("Fleet", "Storage", "Localization", "Access")]
    public void LowerFeaturesUseOnlyThoseBelowThem(string feature, params string[] below)
    {
        var above = Features.Where(f => f != feature && !below.Contains(f)).ToArray();

        Types().That().ResideInNamespaceMatching(Namespace(feature)).Should()
            .NotDependOnAnyTypesThat().ResideInNamespaceMatching(Namespaces(above))
            .Check(App);
    }

    [Fact]
    public void OnlyThePagesUseThePages() =>
        Types().That().ResideInNamespaceMatching(Namespaces(Features.Where(f => f != "Components").ToArray())).Should()
            .NotDependOnAnyTypesThat().ResideInNamespaceMatching(Namespace("Components"))
            .Check(App);

    [Fact]
    public void TheRootNamespaceUsesNoFeature() =>
        Types().That().ResideInNamespace("WazzapDashboard").Should()
            .NotDependOnAnyTypesThat().ResideInNamespaceMatching(Namespaces(Features))
            .Check(App);

    [Fact]
    public void EveryTypeBelongsToAFeature()
    {
        // A new top-level folder must take its place in the order above before the rules can check it.
        var outside = App.Types
            .Where(t => t.Namespace?.FullName.StartsWith("WazzapDashboard.", StringComparison.Ordinal) == true && FeatureOf(t) is null)
            .Select(t => t.FullName);

        Assert.Empty(outside);
    }

    private static string Namespace(string feature) => $@"^WazzapDashboard\.{feature}(\..*)?$";

    private static string Namespaces(string[] features) => $@"^WazzapDashboard\.({string.Join('|', features)})(\..*)?$";
}

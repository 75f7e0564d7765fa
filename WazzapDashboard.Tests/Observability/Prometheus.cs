using System.Globalization;

namespace WazzapDashboard.Tests.Observability;

/// <summary>Reads samples out of a Prometheus text exposition.</summary>
public static class Prometheus
{
    /// <summary>The sum of the samples named <paramref name="name"/> that carry every given label; 0 when there are none.</summary>
    public static double Value(string exposition, string name, params (string Key, string Value)[] labels) =>
        Samples(exposition, name)
            .Where(s => labels.All(l => s.Labels.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(s => s.Value);

    public static bool Has(string exposition, string name) => Samples(exposition, name).Any();

    private static IEnumerable<(string Labels, double Value)> Samples(string exposition, string name) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line =>
            {
                var labelsEnd = line.LastIndexOf('}');
                var rest = line[(labelsEnd < 0 ? name.Length : labelsEnd + 1)..].Trim().Split(' ');
                return (Labels: labelsEnd < 0 ? "" : line[name.Length..(labelsEnd + 1)], Value: double.Parse(rest[0], CultureInfo.InvariantCulture));
            });
}

using System.Diagnostics;
using System.Globalization;

namespace WazzapDashboard.Benchmarks;

/// <summary>What one measured phase did: how many of each outcome, how long it took, and each request's latency.</summary>
internal sealed class Stats(string success, TimeSpan elapsed, IReadOnlyDictionary<string, int> outcomes, List<long> latencyTicks,
    IReadOnlyList<(string Who, TimeSpan Used)> cpu)
{
    public TimeSpan Elapsed { get; } = elapsed;
    public IReadOnlyDictionary<string, int> Outcomes { get; } = outcomes;

    /// <summary>Requests that ended in <c>success</c> (HTTP 200, or a committed event).</summary>
    public int Succeeded => Outcomes.GetValueOrDefault(success);

    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (latencyTicks.Count == 0) return double.NaN;
        latencyTicks.Sort();
        return Milliseconds(NearestRank(latencyTicks, p));
    }

    /// <summary>The smallest of the <paramref name="sorted"/> values that at least <paramref name="p"/>% do not exceed.</summary>
    public static T NearestRank<T>(List<T> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>p50, p99 and max of <paramref name="ms"/> (sorted here), or <c>none</c>.</summary>
    public static string Summary(List<double> ms)
    {
        if (ms.Count == 0) return "none";
        ms.Sort();
        return $"p50 {NearestRank(ms, 50):F1}  p99 {NearestRank(ms, 99):F1}  max {ms[^1]:F1}";
    }

    public double Max => latencyTicks.Count == 0 ? double.NaN : Milliseconds(latencyTicks.Max());

    /// <summary>Every outcome other than success, e.g. <c>503 ×12, error ConnectionError ×1</c>, or <c>none</c>.</summary>
    public string Failures
    {
        get
        {
            var failures = Outcomes.Where(o => o.Key != success).OrderBy(o => o.Key).Select(o => $"{o.Key} ×{o.Value}").ToList();
            return failures.Count == 0 ? "none" : string.Join(", ", failures);
        }
    }

    public void Print(string title, string unit)
    {
        Console.WriteLine(title);
        Console.WriteLine($"  {Succeeded.ToString("N0", CultureInfo.InvariantCulture)} {unit} in {Elapsed.TotalSeconds:F2} s = {PerSecond.ToString("N0", CultureInfo.InvariantCulture)} {unit}/s");
        Console.WriteLine($"  latency ms: p50 {Percentile(50):F1}  p95 {Percentile(95):F1}  p99 {Percentile(99):F1}  max {Max:F1}");
        Console.WriteLine($"  failures: {Failures}");
        if (cpu.Count == 0) return;
        // CPU per request says what a quiet machine could do, even when other work shares the cores.
        var parts = cpu.Select(c => $"{c.Who} {c.Used.TotalSeconds:F1} s ({c.Used.TotalMicroseconds / Math.Max(1, Succeeded):F0} µs each)");
        Console.WriteLine($"  CPU: {string.Join(", ", parts)}; {Environment.ProcessorCount} cores × {Elapsed.TotalSeconds:F1} s = {Environment.ProcessorCount * Elapsed.TotalSeconds:F1} s available");
    }

    /// <summary>The head of a table of <see cref="Row"/>s, <paramref name="first"/> over their labels.</summary>
    public static string Header(string first = "", int width = 22) => $"{first.PadRight(width)}{"per second",12}{"p50 ms",9}{"p99 ms",9}{"CPU µs each",13}";

    /// <summary>Rate, p50, p99 and CPU per request on one line, under <see cref="Header"/>.</summary>
    public string Row(string label, int width = 22) =>
        $"{label.PadRight(width)}{PerSecond,12:N0}{Percentile(50),9:F1}{Percentile(99),9:F1}{CpuPerRequest,13:F0}";

    /// <summary>CPU microseconds per successful request, summed over the processes measured.</summary>
    public double CpuPerRequest => cpu.Sum(c => c.Used.TotalMicroseconds) / Math.Max(1, Succeeded);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

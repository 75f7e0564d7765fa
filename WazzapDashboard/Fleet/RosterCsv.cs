using CsvHelper;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Fleet;

/// <summary>A roster line read from a CSV file; <see cref="Line"/> is where it starts in the file.</summary>
public sealed record RosterLine(int Line, string Phone, string? Country, RosterEntry Entry);

/// <summary>Why a line of a CSV file cannot be imported.</summary>
public sealed record CsvProblem(int Line, string Reason);

/// <summary>
/// The roster as CSV: a header naming <see cref="Columns"/> (any order, any case), then one number a line.
/// Reading collects every problem with its line number rather than stopping at the first, so a file can
/// be fixed in one go; the caller imports nothing unless there are none.
/// </summary>
public static class RosterCsv
{
    public static readonly string[] Columns = ["phone", "client", "label", "owner", "notes"];

    public static (IReadOnlyList<RosterLine> Lines, IReadOnlyList<CsvProblem> Problems) Read(string text)
    {
        var lines = new List<RosterLine>();
        var problems = new List<CsvProblem>();
        var options = new CsvReaderOptions
        {
            // The separator is detected (comma, semicolon, tab or bar): spreadsheets in many locales save with ';'.
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = bad => problems.Add(new((int)bad.LineNumber, Malformed(bad.Reason))),
        };
        using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), options);

        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (header.Length == 0 || header is [""])
        {
            return (lines, [new(1, Text.Get("Csv_Empty", string.Join(",", Columns)))]);
        }
        if (HeaderProblem(header) is { } headerProblem)
        {
            return (lines, [new(1, headerProblem)]);
        }
        var column = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));

        var firstSeen = new Dictionary<string, int>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != header.Length)
            {
                problems.Add(new(line, Text.Get("Csv_FieldCount", csv.FieldCount, header.Length)));
                continue;
            }

            string Cell(string name) => Unescape(csv.GetString(column[name]));
            var rawPhone = Cell("phone").Trim();
            var phone = Phones.Normalise(rawPhone);
            var entry = new RosterEntry(Cell("client"), Cell("label"), Cell("owner"), Cell("notes")).Tidy();
            var reasons = new List<string>();
            if (rawPhone.Length == 0) reasons.Add(Text.Get("Csv_PhoneEmpty"));
            else if (phone is null) reasons.Add(Text.Get("Problem_NotAPhone", rawPhone));
            else if (firstSeen.TryGetValue(phone.E164, out var earlier)) reasons.Add(Text.Get("Csv_Repeated", phone.E164, earlier));
            reasons.AddRange(entry.Problems());

            problems.AddRange(reasons.Select(reason => new CsvProblem(line, reason)));
            if (reasons.Count == 0)
            {
                firstSeen[phone!.E164] = line;
                lines.Add(new RosterLine(line, phone.E164, phone.Country, entry));
            }
        }
        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return (lines, problems);
    }

    /// <summary>
    /// The numbers as UTF-8 CSV, sorted by client then phone, starting with a byte order mark so that
    /// spreadsheets read accented names as UTF-8 (the reader accepts files with or without one).
    /// </summary>
    public static byte[] Write(IEnumerable<NumberView> numbers)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteHeader(Columns);
            foreach (var n in numbers
                .OrderBy(n => n.Client is null)
                .ThenBy(n => n.Client, StringComparer.OrdinalIgnoreCase)
                .ThenBy(n => n.Phone, StringComparer.Ordinal))
            {
                csv.WriteRecord([n.Phone, Escape(n.Client), Escape(n.Label), Escape(n.Owner), Escape(n.Notes)]);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A cell a spreadsheet would run as a formula (starting with = + - @, tab or CR) is written after a
    /// <c>'</c>, as events.csv writes it, so it opens as text. A cell that already starts with <c>'</c>s
    /// before one of those gets one more, so that <see cref="Unescape"/> takes exactly one back off.
    /// </summary>
    internal static string? Escape(string? cell) => cell is not null && StartsFormula(cell) ? "'" + cell : cell;

    /// <summary>Undoes <see cref="Escape"/>: an export imports back unchanged.</summary>
    internal static string Unescape(string cell) => cell.StartsWith('\'') && StartsFormula(cell) ? cell[1..] : cell;

    private static bool StartsFormula(string cell) => cell.TrimStart('\'') is [var first, ..] && FormulaStarts.Contains(first);

    private const string FormulaStarts = "=+-@\t\r";

    private static string? HeaderProblem(string[] header)
    {
        var unknown = header.Where(n => !Columns.Contains(n)).Distinct().ToList();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        var repeated = header.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var faults = new List<string>();
        if (unknown.Count > 0) faults.Add(Text.Get("Csv_Unknown", string.Join(", ", unknown.Select(n => $"\"{n}\""))));
        if (missing.Count > 0) faults.Add(Text.Get("Csv_Missing", string.Join(", ", missing)));
        if (repeated.Count > 0) faults.Add(Text.Get("Csv_RepeatedColumns", string.Join(", ", repeated)));
        return faults.Count == 0 ? null
            : Text.Get("Csv_Header", string.Join(",", Columns), string.Join("; ", faults));
    }

    private static string Malformed(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => Text.Get("Csv_Unterminated"),
        CsvMalformedReason.StrayQuote => Text.Get("Csv_StrayQuote"),
        CsvMalformedReason.TextAfterClosingQuote => Text.Get("Csv_TextAfterQuote"),
        _ => Text.Get("Csv_Invalid", reason),
    };
}

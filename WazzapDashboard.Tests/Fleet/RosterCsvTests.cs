using System.Text;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class RosterCsvTests
{
    private const string Header = "phone,client,label,owner,notes\n";

    [Fact]
    public void ReadsASpreadsheetExportWithQuotedCommasAndLineBreaks()
    {
        var (lines, problems) = RosterCsv.Read(Fixtures.Read("roster/roster.csv"));

        Assert.Empty(problems);
        Assert.Equal(
            [
                new RosterLine(2, "+6281234567890", "ID", new RosterEntry("Acme", "Sales 1", "Ana", "Blue phone, desk drawer")),
                new RosterLine(3, "+6281111111111", "ID", new RosterEntry("Acme", "Support")),
                new RosterLine(5, "+5215512345678", "MX", new RosterEntry("Café Olé", "Front desk", "José", "Keep charged.\r\nCall José first.")),
                new RosterLine(7, "+14155550123", "US", new RosterEntry()),
            ],
            lines);
    }

    [Fact]
    public void ReadsSemicolonsAByteOrderMarkAndHeadersInAnyCase()
    {
        var (lines, problems) = RosterCsv.Read(Fixtures.Read("roster/excel-semicolons.csv"));

        Assert.Empty(problems);
        Assert.Equal(new RosterEntry("Acme", "Sales 1", "Ana"), Assert.Single(lines).Entry);
    }

    [Fact]
    public void ReadsColumnsInAnyOrder()
    {
        var (lines, _) = RosterCsv.Read("notes,owner,label,client,phone\nn,o,l,c,+6281234567890\n");

        Assert.Equal(new RosterEntry("c", "l", "o", "n"), Assert.Single(lines).Entry);
    }

    [Fact]
    public void ListsEveryBadLineWithItsNumber()
    {
        var (_, problems) = RosterCsv.Read(Fixtures.Read("roster/bad-roster.csv"));

        Assert.Equal(
            [
                new CsvProblem(3, "\"not-a-phone\" is not a phone number in international form."),
                new CsvProblem(4, "+6281234567890 is already on line 2."),
                new CsvProblem(5, "phone is empty."),
                new CsvProblem(6, "It has 3 fields; the header has 5."),
            ],
            problems);
    }

    [Theory]
    [InlineData("", 1, "The file is empty")]
    [InlineData("number,client,label,owner,notes\n+6281234567890,,,,\n", 1, "unknown \"number\"; missing phone")]
    [InlineData("phone,client,label\n+6281234567890,,\n", 1, "missing owner, notes")]
    [InlineData("phone,client,label,owner,notes,notes\n", 1, "repeated notes")]
    [InlineData(Header + "+6281234567890,Acme,\"Sales 1,,\n+6281111111111,,,,\n", 2, "never closed")]
    [InlineData(Header + "+6281234567890,Ac\"me,,,\n", 2, "stray quote")]
    [InlineData(Header + "+6281234567890,\"Acme\"x,,,\n", 2, "text after its closing quote")]
    [InlineData(Header + "\n\n+6281234567890,,,,,extra\n", 4, "It has 6 fields")]
    public void RejectsWhatItCannotReadAtTheRightLine(string csv, int line, string reason)
    {
        var (_, problems) = RosterCsv.Read(csv);

        var problem = Assert.Single(problems);
        Assert.Equal(line, problem.Line);
        Assert.Contains(reason, problem.Reason);
    }

    [Fact]
    public void RejectsOverlongFields()
    {
        var (lines, problems) = RosterCsv.Read(Header + $"+6281234567890,{new string('c', 201)},,,{new string('n', 4001)}\n");

        Assert.Empty(lines);
        Assert.Equal(["client is longer than 200 characters.", "notes is longer than 4000 characters."], problems.Select(p => p.Reason));
    }

    [Fact]
    public void WritesWhatItReadsBack()
    {
        var views = new[]
        {
            View("+6281234567890", new RosterEntry("Acme", "Sales 1", "Ana", "Blue phone, \"the old one\"\nsecond line")),
            View("+5215512345678", new RosterEntry("Café Olé", null, "José")),
            View("+14155550123", new RosterEntry()),
        };

        var (lines, problems) = RosterCsv.Read(Encoding.UTF8.GetString(RosterCsv.Write(views)));

        Assert.Empty(problems);
        Assert.Equal(
            views.OrderBy(v => v.Client is null).ThenBy(v => v.Client).Select(v => (v.Phone, new RosterEntry(v.Client, v.Label, v.Owner, v.Notes))),
            lines.Select(l => (l.Phone, l.Entry)));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(")]
    [InlineData("+6281234567890 is the backup", "'+6281234567890 is the backup")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)")]
    [InlineData("'=already escaped by someone", "''=already escaped by someone")]
    [InlineData("''+two quotes", "'''+two quotes")]
    [InlineData("'Tis the season", "'Tis the season")]
    [InlineData("'\tquote then tab", "''\tquote then tab")]
    [InlineData("a=b", "a=b")]
    [InlineData("'", "'")]
    public void ACellASpreadsheetWouldRunIsWrittenAsTextAndReadBackUnchanged(string value, string written)
    {
        var view = View("+6281234567890", new RosterEntry(value, value, value, value));

        var text = Encoding.UTF8.GetString(RosterCsv.Write([view]));
        var (lines, problems) = RosterCsv.Read(text);

        var cells = text.Split("\r\n")[1];
        Assert.StartsWith("+6281234567890,", cells); // the phone is always E.164: not a formula, left as it is
        Assert.Equal(4, cells.Split(',').Count(c => c.TrimStart('"').StartsWith(written, StringComparison.Ordinal)));
        Assert.Empty(problems);
        Assert.Equal(new RosterEntry(value, value, value, value), Assert.Single(lines).Entry);
    }

    [Fact]
    public void AnEscapedPhoneFromASpreadsheetIsReadToo()
    {
        var (lines, problems) = RosterCsv.Read(Header + "'+62 812-3456-7890,'=Acme,,,\n");

        Assert.Empty(problems);
        Assert.Equal(("+6281234567890", "=Acme"), (Assert.Single(lines).Phone, lines[0].Entry.Client));
    }

    [Fact]
    public void WritesAHeaderAndAByteOrderMarkForSpreadsheets()
    {
        var bytes = RosterCsv.Write([]);

        Assert.Equal("\uFEFFphone,client,label,owner,notes\r\n", Encoding.UTF8.GetString(bytes));
    }

    private static NumberView View(string phone, RosterEntry roster) =>
        new(phone, NumberStatus.Unknown, null, null, null, null, null, null, null, false, null,
            Client: roster.Client, Label: roster.Label, Owner: roster.Owner, Notes: roster.Notes);
}

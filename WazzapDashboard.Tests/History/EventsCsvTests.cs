using System.Net;
using System.Text;
using CsvHelper;
using WazzapDashboard.History;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.History;

public class EventsCsvTests
{
    private static List<Dictionary<string, string>> Parse(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, null);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.ToDictionary(h => h, reader.GetString));
        }
        Assert.Equal(EventsCsv.Header(TimeZoneInfo.Utc), reader.Headers);
        return rows;
    }

    [Fact]
    public async Task ExportsTheWholeHistoryNewestFirstWithRawPayloads()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        await app.PostWazzapi(Fixtures.WazzapiMessageFailed);

        var response = await app.CreateClient().GetAsync("/api/numbers/%2B6281234567890/events.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("+6281234567890-events.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["message.failed", "device.disconnected", "device.connected"], rows.Select(r => r["event_type"]));
        var disconnected = rows[1];
        Assert.Equal("2026-05-10T08:15:00.0000000+00:00", disconnected["occurred_at"]);
        Assert.Equal("disconnected", disconnected["status"]);
        Assert.Equal("phone_offline", disconnected["reason_category"]);
        Assert.Equal("Linked device session expired: phone offline", disconnected["reason"]);
        Assert.Equal("wazzapi", disconnected["source"]);
        Assert.Equal(Fixtures.WazzapiDisconnected, disconnected["payload"]); // multi-line JSON survives quoting
        Assert.Equal("", rows[0]["status"]);
    }

    [Fact]
    public async Task AFieldThatASpreadsheetWouldRunAsAFormulaStaysText()
    {
        await using var stream = new MemoryStream();
        var e = new EventExport(1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "device.disconnected", "wazzapi",
            "disconnected", "unknown", "=HYPERLINK(\"http://evil\")", "{}");

        await EventsCsv.Write([e], TimeZoneInfo.Utc, stream, CancellationToken.None);

        var row = Assert.Single(Parse(stream.ToArray()));
        Assert.StartsWith("'=", row["reason"]);
    }

    [Fact]
    public async Task AnUnknownNumberIs404AndANumberWithoutEventsIsJustAHeader()
    {
        await using var app = new WazzapApplication();

        var unknown = await app.CreateClient().GetAsync("/api/numbers/6281234567890/events.csv");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        await using var empty = new MemoryStream();
        await EventsCsv.Write([], TimeZoneInfo.Utc, empty, CancellationToken.None);
        Assert.Equal(string.Join(",", EventsCsv.Header(TimeZoneInfo.Utc)) + "\r\n", Encoding.UTF8.GetString(empty.ToArray()));
    }

    [Fact]
    public async Task TheExportIsStreamedRowByRow()
    {
        var produced = 0;
        IEnumerable<EventExport> Events()
        {
            for (var i = 0; i < 10_000; i++)
            {
                produced++;
                yield return new EventExport(i, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "message.sent", "wazzapi", null, null, null, new string('x', 200));
            }
        }
        var destination = new ObservingStream(() => produced);

        await EventsCsv.Write(Events(), TimeZoneInfo.Utc, destination, CancellationToken.None);

        // The first bytes left long before the last row was read.
        Assert.InRange(destination.ProducedAtFirstWrite, 1, 5_000);
        Assert.Equal(10_000, produced);
    }

    /// <summary>Notes how many rows had been read when the first bytes went out, and refuses synchronous writes as Kestrel does.</summary>
    private sealed class ObservingStream(Func<int> produced) : MemoryStream
    {
        private bool _writingAsync;

        public int ProducedAtFirstWrite { get; private set; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (ProducedAtFirstWrite == 0) ProducedAtFirstWrite = produced();
            _writingAsync = true;
            try
            {
                await base.WriteAsync(buffer, cancellationToken);
            }
            finally
            {
                _writingAsync = false;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!_writingAsync) throw new InvalidOperationException("A response body must be written asynchronously.");
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!_writingAsync) throw new InvalidOperationException("A response body must be written asynchronously.");
            base.Write(buffer);
        }
    }
}

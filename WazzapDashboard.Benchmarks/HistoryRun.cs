using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// Ingestion against a long history: the database is prefilled straight through SQLite (one transaction,
/// indexes built afterwards, not over HTTP), then the app is started on it and measured over HTTP: the
/// delivery rate with the history stored, the number page's queries, a prune of the expired part while
/// deliveries keep arriving, and the bytes a message costs once only its hourly counter is left.
/// </summary>
internal static class HistoryRun
{
    /// <summary>The prefilled history spans this many days back from now: half of it is past History:RawPayloadDays (7).</summary>
    public const int SpanDays = 14;

    /// <summary>
    /// Writes <paramref name="count"/> events over <see cref="SpanDays"/> days, with the hourly counters and
    /// dedupe keys ingestion would have left, into a migrated database at <paramref name="path"/>.
    /// </summary>
    public static void Prefill(string path, long count, Payloads payloads)
    {
        var database = new Database(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        database.Migrate();
        var clock = Stopwatch.StartNew();
        using var connection = (SqliteConnection)database.Open();
        connection.Execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;");
        connection.CreateFunction(KeyHash.SqlFunction, (string key) => KeyHash.Of(key), isDeterministic: true);
        // Build the indexes once at the end: sorting them is much faster than inserting into them row by row.
        var indexes = connection.Query<(string Name, string Sql)>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").ToList();
        foreach (var index in indexes) connection.Execute($"DROP INDEX {index.Name}");

        var now = DateTimeOffset.UtcNow;
        var start = now.AddDays(-SpanDays);
        var step = TimeSpan.FromDays(SpanDays).Ticks / Math.Max(1, count);
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO events (dedupe_key, attempt_id, source, event_type, phone, account_id, status, reason, reason_category,
                                    occurred_at, received_at, payload)
                VALUES ($key, $attempt, 'wazzapi', $type, $phone, $account, $status, $reason, $category, $at, $at, $payload)
                """;
            var p = "key attempt type phone account status reason category at payload".Split(' ')
                .Select(name => insert.Parameters.Add(new SqliteParameter("$" + name, null))).ToArray();
            insert.Prepare();
            for (long i = 0; i < count; i++)
            {
                var at = start.AddTicks(step * i);
                var (post, id, number, type, reason) = payloads.History(i, at);
                var outcome = StatusRules.Outcome(type, reason);
                p[0].Value = "wazzapi:" + id;
                p[1].Value = post.AttemptId;
                p[2].Value = type;
                p[3].Value = "+" + Payloads.Phone(number);
                p[4].Value = $"acc0c0de-0000-4000-8000-{number:D12}";
                p[5].Value = (object?)outcome.Status?.ToWire() ?? DBNull.Value;
                p[6].Value = (object?)reason ?? DBNull.Value;
                p[7].Value = (object?)outcome.Category?.ToWire() ?? DBNull.Value;
                p[8].Value = at.ToUnixTimeMilliseconds();
                p[9].Value = System.Text.Encoding.UTF8.GetString(post.Body);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var inserted = clock.Elapsed;

        foreach (var index in indexes) connection.Execute(index.Sql);
        // What ingestion would have counted and remembered for these events (as migration 007 does).
        connection.Execute("""
            INSERT INTO message_counts (hour_start, phone, sent, delivered, read, received, failed)
            SELECT occurred_at / 3600000 * 3600000, phone,
                   sum(event_type = 'message.sent'), sum(event_type = 'message.delivered'), sum(event_type = 'message.read'),
                   sum(event_type = 'message.received'), sum(event_type = 'message.failed')
            FROM events WHERE event_type GLOB 'message.*' GROUP BY 1, 2;
            INSERT INTO dedupe_keys (hash, seen_at)
            SELECT key_hash(dedupe_key), received_at FROM events WHERE received_at >= @since;
            """, new { since = now.AddHours(-72).ToUnixTimeMilliseconds() });
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");

        Console.WriteLine($"Prefilled {count:N0} events over {SpanDays} days in {clock.Elapsed.TotalSeconds:F0} s " +
                          $"({count / inserted.TotalSeconds:N0} rows/s inserted, then indexes, counters and keys); " +
                          $"database {new FileInfo(path).Length / 1048576.0:N0} MiB, {new FileInfo(path).Length / Math.Max(1, count)} bytes an event");
    }

    /// <summary>The largest the WAL file grew until <paramref name="until"/> is cancelled, sampled twice a second.</summary>
    public static async Task<long> LargestWal(string path, CancellationToken until)
    {
        var wal = new FileInfo(path + "-wal");
        long largest = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            do
            {
                wal.Refresh();
                if (wal.Exists) largest = Math.Max(largest, wal.Length);
            }
            while (await timer.WaitForNextTickAsync(until));
        }
        catch (OperationCanceledException)
        {
            // the prune is over
        }
        return largest;
    }

    /// <summary>The number page's reads (timeline page, 90-day status changes, type filter) for <paramref name="numbers"/> numbers.</summary>
    public static List<double> NumberPage(string path, int numbers, int samples)
    {
        var database = new Database(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        var timeline = new TimelineQueries(database, TimeProvider.System, Options.Create(new HistoryOptions()));
        var history = new HistoryQueries(database);
        var latencies = new List<double>();
        var random = new Random(13);
        for (var i = 0; i < samples; i++)
        {
            var phone = "+" + Payloads.Phone(random.Next(numbers));
            var started = Stopwatch.GetTimestamp();
            timeline.Page(phone, 51);
            history.StatusChanges(phone, DateTimeOffset.UtcNow.AddDays(-90));
            history.EventTypes(phone);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return latencies;
    }

    /// <summary>
    /// Bytes of the hourly counters (table and index) per message they count: the counters are copied into a
    /// scratch database of their own and its pages counted (the bundled SQLite has no dbstat).
    /// </summary>
    public static (double Bytes, long Messages, double BytesPerRow) CounterBytesPerMessage(string path)
    {
        var scratch = path + "-counters";
        // Read-write: an attached database takes its main database's mode. Nothing is written to the main one.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        connection.Open();
        connection.Execute($"ATTACH DATABASE '{scratch}' AS scratch");
        foreach (var sql in connection.Query<string>("SELECT sql FROM sqlite_master WHERE tbl_name = 'message_counts' AND sql IS NOT NULL ORDER BY type DESC"))
        {
            connection.Execute(sql.Replace("CREATE TABLE message_counts", "CREATE TABLE scratch.message_counts")
                .Replace("CREATE INDEX message_counts_phone", "CREATE INDEX scratch.message_counts_phone"));
        }
        connection.Execute("INSERT INTO scratch.message_counts SELECT * FROM main.message_counts");
        var bytes = connection.ExecuteScalar<long>("PRAGMA scratch.page_count") * connection.ExecuteScalar<long>("PRAGMA scratch.page_size");
        var rows = connection.ExecuteScalar<long>("SELECT count(*) FROM message_counts");
        var messages = connection.ExecuteScalar<long>("SELECT sum(sent + delivered + read + received + failed) FROM message_counts");
        connection.Execute("DETACH DATABASE scratch");
        File.Delete(scratch);
        return ((double)bytes / Math.Max(1, messages), messages, (double)bytes / Math.Max(1, rows));
    }

    /// <summary>Asks the app to prune now; answers the pass's report as JSON.</summary>
    public static async Task<JsonElement> Prune(AppProcess app, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", app.ApiKey);
        using var response = await client.PostAsync("/api/admin/prune", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}

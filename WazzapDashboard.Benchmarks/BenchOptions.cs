using System.Globalization;
using Npgsql;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Benchmarks;

/// <summary>The command line, parsed by hand: a dozen flags do not need a parser package.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Load benchmark for WazzapDashboard's webhook ingestion.

        Usage: dotnet run -c Release --project WazzapDashboard.Benchmarks -- [options]

          --deliveries N    measured deliveries (default 50000)
          --seconds S       measure for S seconds instead of a count (overrides --max-seconds)
          --concurrency N   requests in flight (default 64)
          --numbers N       distinct phone numbers (default 5000); all are seeded first, as the warm-up
          --max-batch N     Ingest:MaxBatchSize for both runs (default: the app's own default)
          --max-seconds S   stop any phase after S seconds whatever the count (default 45)
          --no-raw          skip the raw writer ceiling (never measured with --provider postgres)
          --history N       prefill N events over the last 14 days straight into the database (not over HTTP)
                            before the app starts; then also measure the number page's queries, a prune of
                            the expired half while deliveries arrive, and the bytes a message costs after it
          --scale           instead of the load run: with the numbers seeded, measure GET /api/numbers and a
                            hub client on /hubs/fleet during a burst of deliveries
          --burst N         deliveries in the --scale burst (default 10000)
          --burst-numbers N the burst cycles through the first N numbers (default: all of --numbers)
          --reads N         idle GET /api/numbers requests measured by --scale (default 50)
          --pages N         fleet grids --scale opens in chromium to measure server memory per open grid and
                            first paint (default 10; 0 skips; needs /usr/bin/chromium)
          --url URL         target an app that is already running instead of starting one
          --secret S        its Wazzapi webhook secret (required with --url)
          --api-key K       a key from its Dashboard:ApiKeys (for --scale with --url)
          --seed-only [N]   seed N numbers (default 5000) into the app at --url, then exit
          --provider P      sqlite (default) or postgres; postgres measures, one after another with the same
                            deliveries and concurrency, SQLite, PostgreSQL with one instance and PostgreSQL
                            with --instances, and prints them side by side (not with --history, --scale, --url)
          --instances N     app instances on the one PostgreSQL database, deliveries sent to them in turn
                            (default 1; more only with --provider postgres)
          --postgres CS     Npgsql connection string to the server's postgres database, where each run makes
                            its own database and drops it after (default: the local socket as the current
                            user, Host=/var/run/postgresql;Username=<user>;Database=postgres)
          --redis CS        the instances of --instances share this Redis (a StackExchange.Redis configuration
                            string, e.g. 127.0.0.1:6379) for their live changes, as in production; the run also
                            measures how soon a delivery acknowledged by the last instance reaches a hub client
                            of the first, while the load runs
          --help
        """;

    public long Deliveries { get; init; } = 50_000;
    public TimeSpan? Duration { get; init; }
    public int Concurrency { get; init; } = 64;
    public int Numbers { get; init; } = 5_000;
    public int? MaxBatch { get; init; }
    public TimeSpan MaxPhase { get; init; } = TimeSpan.FromSeconds(45);
    public bool Raw { get; init; } = true;
    public long History { get; init; }
    public bool Scale { get; init; }
    public int Burst { get; init; } = 10_000;
    public int BurstNumbers { get; init; } = int.MaxValue;
    public int Reads { get; init; } = 50;
    public int Pages { get; init; } = 10;
    public Uri? Url { get; init; }
    public string? Secret { get; init; }
    public string? ApiKey { get; init; }
    public int? SeedOnly { get; init; }
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public int Instances { get; init; } = 1;
    public string? Postgres { get; init; }
    public string? Redis { get; init; }
    public bool Help { get; init; }

    /// <summary>The server <c>--provider postgres</c> makes its databases on.</summary>
    public string PostgresServer => Postgres ?? BenchDatabase.DefaultServer;

    /// <summary>
    /// What the run measures, in order: SQLite alone by default; with <c>--provider postgres</c>, SQLite, then
    /// PostgreSQL with one instance, then with <see cref="Instances"/> when that is more.
    /// </summary>
    public IReadOnlyList<(DatabaseProvider Provider, int Instances)> Configurations() => Provider == DatabaseProvider.Sqlite
        ? [(DatabaseProvider.Sqlite, 1)]
        : Instances == 1
            ? [(DatabaseProvider.Sqlite, 1), (DatabaseProvider.Postgres, 1)]
            : [(DatabaseProvider.Sqlite, 1), (DatabaseProvider.Postgres, 1), (DatabaseProvider.Postgres, Instances)];

    /// <summary>Throws <see cref="ArgumentException"/> with a sentence for the user when the line is wrong.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Positive() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]} needs a positive whole number, not \"{args[i]}\".");

            options = args[i] switch
            {
                "--deliveries" => options with { Deliveries = Positive() },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(Positive()) },
                "--concurrency" => options with { Concurrency = Positive() },
                "--numbers" => options with { Numbers = Positive() },
                "--max-batch" => options with { MaxBatch = Positive() },
                "--max-seconds" => options with { MaxPhase = TimeSpan.FromSeconds(Positive()) },
                "--no-raw" => options with { Raw = false },
                "--history" => options with { History = Positive() },
                "--scale" => options with { Scale = true },
                "--burst" => options with { Burst = Positive() },
                "--burst-numbers" => options with { BurstNumbers = Positive() },
                "--reads" => options with { Reads = Positive() },
                "--pages" => options with { Pages = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var pages) ? pages : throw new ArgumentException($"--pages needs a whole number, not \"{args[i]}\".") },
                "--url" => options with { Url = Uri.TryCreate(Value(), UriKind.Absolute, out var url) ? url : throw new ArgumentException($"--url needs an absolute URL, not \"{args[i]}\".") },
                "--secret" => options with { Secret = Value() },
                "--api-key" => options with { ApiKey = Value() },
                // The count is optional: take the next token only when it is a number.
                "--seed-only" => options with
                {
                    SeedOnly = i + 1 < args.Length && int.TryParse(args[i + 1], out _) ? Positive() : 5_000,
                },
                "--provider" => options with
                {
                    Provider = Value().ToLowerInvariant() switch
                    {
                        "sqlite" => DatabaseProvider.Sqlite,
                        "postgres" => DatabaseProvider.Postgres,
                        _ => throw new ArgumentException($"--provider is sqlite or postgres, not \"{args[i]}\"."),
                    },
                },
                "--instances" => options with { Instances = Positive() },
                "--postgres" => options with { Postgres = ConnectionString(Value()) },
                "--redis" => options with { Redis = Value() },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option \"{args[i]}\"."),
            };
        }

        if (options.Url is not null && string.IsNullOrEmpty(options.Secret)) throw new ArgumentException("--url needs --secret: deliveries must be signed.");
        if (options.History > 0 && options.Url is not null) throw new ArgumentException("--history prefills a database the benchmark starts the app on: leave out --url.");
        if (options.SeedOnly is not null && options.Url is null) throw new ArgumentException("--seed-only seeds a running app: give --url and --secret.");
        if (options.Instances > 1 && options.Provider != DatabaseProvider.Postgres)
        {
            throw new ArgumentException("--instances needs --provider postgres: instances share one PostgreSQL database; a SQLite file serves one instance.");
        }
        if (options.Postgres is not null && options.Provider != DatabaseProvider.Postgres) throw new ArgumentException("--postgres needs --provider postgres.");
        if (options.Redis is not null && options.Instances < 2) throw new ArgumentException("--redis needs --provider postgres and --instances 2 or more: it joins several instances.");
        if (options.Provider == DatabaseProvider.Postgres)
        {
            var sqliteOnly = new[] { (options.History > 0, "--history"), (options.Scale, "--scale"), (options.Url is not null, "--url"), (options.SeedOnly is not null, "--seed-only") };
            if (sqliteOnly.FirstOrDefault(o => o.Item1).Item2 is { } option)
            {
                throw new ArgumentException($"{option} runs on SQLite only: leave out --provider postgres (and --instances).");
            }
        }
        if (options.Numbers > 70_000_000) throw new ArgumentException("--numbers is at most 70,000,000 (the +62 812 3xxx xxxx range).");
        return options;
    }

    private static string ConnectionString(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--postgres needs an Npgsql connection string such as \"Host=db;Username=bench;Database=postgres\": {ex.Message}");
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// Loaded into the app's process by the benchmark alone (<c>DOTNET_STARTUP_HOOKS</c>, see
/// <see cref="WazzapDashboard.Benchmarks.AppProcess"/>), so the app itself has no diagnostics endpoint.
/// Each connection to <c>WAZZAP_BENCH_PROBE_PORT</c> on loopback forces a full, compacting collection
/// and answers "managed-bytes working-set-bytes".
/// </summary>
internal static class StartupHook
{
    public const string PortVariable = "WAZZAP_BENCH_PROBE_PORT";

    public static void Initialize()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out var port)) return;
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        new Thread(() =>
        {
            while (true)
            {
                using var client = listener.AcceptTcpClient();
                using var writer = new StreamWriter(client.GetStream());
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var managed = GC.GetTotalMemory(forceFullCollection: true);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{managed} {Environment.WorkingSet}"));
            }
        }) { IsBackground = true, Name = "benchmark memory probe" }.Start();
    }
}

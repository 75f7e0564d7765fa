using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on 127.0.0.1 that keeps each message's DATA: enough of RFC 5321 for MailKit
/// (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS, no authentication.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentQueue<Mail> _messages = new();

    public sealed record Mail(string From, IReadOnlyList<string> To, string Data);

    public SmtpSink()
    {
        _listener.Start();
        _accepting = Accept();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<Mail> Messages => _messages.ToArray();

    /// <summary>The user names and passwords clients signed in with.</summary>
    public IReadOnlyList<(string User, string Password)> Logins => _logins.ToArray();

    private readonly ConcurrentQueue<(string, string)> _logins = new();

    private async Task<string> Ask(StreamWriter writer, StreamReader reader)
    {
        await writer.WriteLineAsync("334 ");
        return await reader.ReadLineAsync(_stop.Token) ?? "";
    }

    /// <summary>When set, DATA is answered with a temporary failure (451), as a mail server having trouble would.</summary>
    public bool Failing { get; set; }

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink ESMTP ready");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink");
                    await writer.WriteLineAsync("250-AUTH PLAIN");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 sink");
                    break;
                case "MAIL":
                    from = line[(line.IndexOf(':') + 1)..].Trim();
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(line[(line.IndexOf(':') + 1)..].Trim());
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    if (Failing)
                    {
                        await writer.WriteLineAsync("451 4.3.0 try again later");
                        break;
                    }
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    _messages.Enqueue(new Mail(from, [.. to], data.ToString()));
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "AUTH":
                    // AUTH PLAIN, with or without the initial response: base64 of "\0user\0password".
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var plain = parts.Length > 2 ? parts[2] : await Ask(writer, reader);
                    var fields = Encoding.UTF8.GetString(Convert.FromBase64String(plain)).Split('\0');
                    _logins.Enqueue((fields[1], fields[2]));
                    await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { /* stopped */ }
        _stop.Dispose();
    }
}

using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace WazzapDashboard.Alerts.Channels;

/// <summary>E-mail over SMTP with MailKit: plain text, one message to all recipients.</summary>
public static class EmailChannel
{
    public static async Task Send(AlertChannel channel, Outgoing message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage { Subject = message.Title, Body = new TextPart("plain") { Text = message.Text } };
        mail.From.Add(MailboxAddress.Parse(channel.MailFrom ?? ""));
        foreach (var recipient in channel.Recipients()) mail.To.Add(MailboxAddress.Parse(recipient));
        mail.Headers.Add(WebhookChannel.DeliveryHeader, message.DeliveryId);

        using var smtp = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        var security = channel.SmtpSecurity switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await smtp.ConnectAsync(channel.SmtpHost ?? "", channel.SmtpPort ?? 587, security, cancellationToken);
        if (!string.IsNullOrEmpty(channel.SmtpUser))
        {
            await smtp.AuthenticateAsync(channel.SmtpUser, channel.SmtpPassword ?? "", cancellationToken);
        }
        await smtp.SendAsync(mail, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }
}

using System.Text;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Tests.Webhooks;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"1"}""");

    [Fact]
    public void AcceptsTheBodySignedWithTheSecret() =>
        Assert.True(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, "s1"), ["s1"]));

    [Fact]
    public void AcceptsAnyConfiguredSecretDuringRotation() =>
        Assert.True(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, "old"), ["new", "old"]));

    [Fact]
    public void MatchesWhatOpensslComputes() =>
        // printf '{"id":"1"}' | openssl dgst -sha256 -hmac secret -hex
        Assert.Equal("sha256=6146142a2ce0159e84c0767881e4ec80bc397da62526e7d19f70795eb79460c0", WebhookSignature.Sign(Body, "secret"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("md5=abcdef")]
    public void RejectsMissingOrMalformedHeaders(string? header) => Assert.False(WebhookSignature.IsValid(Body, header, ["s1"]));

    [Fact]
    public void RejectsATamperedBody()
    {
        var signature = WebhookSignature.Sign(Body, "s1");
        Assert.False(WebhookSignature.IsValid(Encoding.UTF8.GetBytes("""{"id":"2"}"""), signature, ["s1"]));
    }

    [Fact]
    public void RejectsEverythingWhenNoSecretIsConfigured() =>
        Assert.False(WebhookSignature.IsValid(Body, WebhookSignature.Sign(Body, ""), []));
}

using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class PhonesTests
{
    [Theory]
    [InlineData("6281234567890", "+6281234567890", "ID")]
    [InlineData("+62 812-3456-7890", "+6281234567890", "ID")]
    [InlineData("+62 (812) 3456 7890", "+6281234567890", "ID")]
    [InlineData("006281234567890", "+6281234567890", "ID")]
    [InlineData("+5215512345678", "+5215512345678", "MX")]
    [InlineData("+44 7700 900123", "+447700900123", "GB")]
    [InlineData("14155550123", "+14155550123", "US")]
    public void NormalisesToE164WithCountry(string raw, string e164, string country) =>
        Assert.Equal(new NormalisedPhone(e164, country), Phones.Normalise(raw));

    [Theory]
    [InlineData("")]
    [InlineData("not a phone")]
    [InlineData("12")]
    [InlineData("+999 1234")]
    public void RejectsWhatIsNotAPhoneNumber(string raw) => Assert.Null(Phones.Normalise(raw));

    [Fact]
    public void DisplaysInternationalFormat() => Assert.Equal("+62 812-3456-7890", Phones.Display("+6281234567890"));
}

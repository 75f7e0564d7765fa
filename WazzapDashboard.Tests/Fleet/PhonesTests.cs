using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class PhonesTests
{
    [Theory]
    [InlineData("6281234567890", "+6281234567890", "ID")]
    [InlineData("+62 812-3456-7890", "+6281234567890", "ID")]
    [InlineData("+62 (812) 3456 7890", "+6281234567890", "ID")]
    [InlineData("006281234567890", "+6281234567890", "ID")]
    [InlineData("+44 7700 900123", "+447700900123", "GB")]
    [InlineData("14155550123", "+14155550123", "US")]
    public void NormalisesToE164WithCountry(string raw, string e164, string country) =>
        Assert.Equal(new NormalisedPhone(e164, country), Phones.Normalise(raw));

    /// <summary>Real-world spellings of one phone each: every row of a group is the same number.</summary>
    [Theory]
    // Mexico: the retired mobile "1" that WhatsApp ids and gateways still write.
    [InlineData("+52 1 55 1111 2222", "+525511112222", "MX")]
    [InlineData("5215511112222", "+525511112222", "MX")]
    [InlineData("+5215511112222", "+525511112222", "MX")]
    [InlineData("+52 1 (55) 1111-2222", "+525511112222", "MX")]
    [InlineData("5215511112222@c.us", "+525511112222", "MX")]
    [InlineData("+52 55 1111 2222", "+525511112222", "MX")]
    [InlineData("525511112222", "+525511112222", "MX")]
    [InlineData("+52 1 222 123 4567", "+522221234567", "MX")]
    // Argentina: the mobile 9 kept; without it, or with the domestic 15, it is added.
    [InlineData("+54 9 11 2345-6789", "+5491123456789", "AR")]
    [InlineData("5491123456789", "+5491123456789", "AR")]
    [InlineData("5491123456789@s.whatsapp.net", "+5491123456789", "AR")]
    [InlineData("+54 11 2345-6789", "+5491123456789", "AR")]
    [InlineData("+54 11 15 2345-6789", "+5491123456789", "AR")]
    [InlineData("+54 9 351 234-5678", "+5493512345678", "AR")]
    [InlineData("54 351 15 234-5678", "+5493512345678", "AR")]
    // Brazil: the ninth digit of a mobile; landlines keep eight digits.
    [InlineData("+55 11 98765-4321", "+5511987654321", "BR")]
    [InlineData("+55 (11) 9 8765-4321", "+5511987654321", "BR")]
    [InlineData("551187654321", "+5511987654321", "BR")]
    [InlineData("+55 11 8765-4321", "+5511987654321", "BR")]
    [InlineData("551187654321:7@s.whatsapp.net", "+5511987654321", "BR")]
    [InlineData("+55 11 3456-7890", "+551134567890", "BR")]
    // Indonesia: the trunk 0 written after the country code.
    [InlineData("+62 0812-3456-7890", "+6281234567890", "ID")]
    [InlineData("+62 (0)812-3456-7890", "+6281234567890", "ID")]
    [InlineData("62 812 3456 7890", "+6281234567890", "ID")]
    // India: the same, and the usual groupings.
    [InlineData("+91 98765 43210", "+919876543210", "IN")]
    [InlineData("919876543210", "+919876543210", "IN")]
    [InlineData("+91-98765-43210", "+919876543210", "IN")]
    [InlineData("0091 98765 43210", "+919876543210", "IN")]
    [InlineData("+91 (0)98765 43210", "+919876543210", "IN")]
    [InlineData("+91 098765 43210", "+919876543210", "IN")]
    public void OnePhoneIsOneNumberHoweverItIsSpelt(string raw, string e164, string country) =>
        Assert.Equal(new NormalisedPhone(e164, country), Phones.Normalise(raw));

    [Theory]
    [InlineData("")]
    [InlineData("not a phone")]
    [InlineData("12")]
    [InlineData("+999 1234")]
    [InlineData("@c.us")]
    public void RejectsWhatIsNotAPhoneNumber(string raw) => Assert.Null(Phones.Normalise(raw));

    [Theory]
    [InlineData("+6281234567890", "+62 812-3456-7890")]
    [InlineData("+525511112222", "+52 55 1111 2222")]
    [InlineData("+5491123456789", "+54 9 11 2345-6789")]
    public void DisplaysInternationalFormat(string e164, string shown) => Assert.Equal(shown, Phones.Display(e164));
}

using PhoneNumbers;

namespace WazzapDashboard.Fleet;

public sealed record NormalisedPhone(string E164, string? Country);

/// <summary>Normalises whatever the gateways send (<c>6281234567890</c>, <c>+62 812-3456-7890</c>) to E.164.</summary>
public static class Phones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static NormalisedPhone? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        // Gateways send international numbers, often without the plus sign.
        if (text.StartsWith("00", StringComparison.Ordinal)) text = "+" + text[2..];
        else if (!text.StartsWith('+')) text = "+" + text;

        try
        {
            var number = Util.Parse(text, null);
            if (!Util.IsPossibleNumber(number) && !IsLegacyWhatsAppForm(number)) return null;
            // A number outside today's numbering plan (Mexico's old "+52 1" mobiles, test ranges)
            // still belongs to its calling code's main country.
            var region = Util.GetRegionCodeForNumber(number) ?? Util.GetRegionCodeForCountryCode(number.CountryCode);
            return new NormalisedPhone(Util.Format(number, PhoneNumberFormat.E164), region is "ZZ" or "001" ? null : region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// WhatsApp ids keep numbers in forms a country has since retired, such as Mexico's "+52 1"
    /// mobiles: still a real number when it fits E.164 and names a known country.
    /// </summary>
    private static bool IsLegacyWhatsAppForm(PhoneNumbers.PhoneNumber number)
    {
        var national = number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Util.GetRegionCodeForCountryCode(number.CountryCode) != "ZZ"
            && national.Length >= 7
            && number.CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + national.Length <= 15;
    }

    /// <summary>International format for people: <c>+62 812-3456-7890</c>.</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}

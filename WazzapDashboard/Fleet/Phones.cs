using PhoneNumbers;

namespace WazzapDashboard.Fleet;

public sealed record NormalisedPhone(string E164, string? Country);

/// <summary>
/// Normalises whatever the gateways send (<c>6281234567890</c>, <c>+62 812-3456-7890</c>, a WhatsApp id
/// <c>6281234567890@c.us</c>) to E.164, so that one phone is one number however it was spelt.
///
/// WhatsApp ids and gateways keep some countries' mobiles in forms that differ from today's numbering
/// plan; each is rewritten to the one form libphonenumber calls valid:
///
/// | country   | spelt                                   | canonical        | why                                                   |
/// |-----------|-----------------------------------------|------------------|-------------------------------------------------------|
/// | Mexico    | +52 1 55 1111 2222, 5215511112222       | +525511112222    | the mobile "1" was dropped from the plan in 2019      |
/// | Argentina | +54 11 2345-6789, +54 11 15 2345-6789   | +5491123456789   | a mobile's international form carries the 9           |
/// | Brazil    | +55 11 8765-4321 (pre-2016 mobile)      | +5511987654321   | every mobile got a ninth digit, a leading 9           |
/// | Indonesia | +62 0812-3456-7890, 62 (0)812…          | +6281234567890   | the trunk 0 is not part of the international number   |
/// | India     | +91 098765 43210, 0091-98765-43210      | +919876543210    | the same                                              |
///
/// Argentina keeps the 9: it is what libphonenumber formats a mobile's E.164 with and what WhatsApp ids
/// carry. A ten-digit Argentine number is either a landline or a mobile, never both, so adding the 9 to
/// a number only when the result is a valid mobile never joins two different phones. Brazil's landlines
/// (first digit 2–5) keep eight digits.
/// </summary>
public static class Phones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static NormalisedPhone? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        // A WhatsApp id: "5215511112222@c.us", "5215511112222:12@s.whatsapp.net".
        if (text.IndexOf('@') is > 0 and var at) text = text[..at];
        if (text.IndexOf(':') is > 0 and var device) text = text[..device];
        // Gateways send international numbers, often without the plus sign.
        if (text.StartsWith("00", StringComparison.Ordinal)) text = "+" + text[2..];
        else if (!text.StartsWith('+')) text = "+" + text;

        try
        {
            var number = Canonical(Util.Parse(text, null));
            if (!Util.IsPossibleNumber(number) && !IsLegacyWhatsAppForm(number)) return null;
            // A number outside today's numbering plan (a retired form not rewritten above, test ranges)
            // still belongs to its calling code's main country.
            var region = Util.GetRegionCodeForNumber(number) ?? Util.GetRegionCodeForCountryCode(number.CountryCode);
            return new NormalisedPhone(Util.Format(number, PhoneNumberFormat.E164), region is "ZZ" or "001" ? null : region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The rewrites of the table above; a number they do not apply to is returned as it is.</summary>
    private static PhoneNumbers.PhoneNumber Canonical(PhoneNumbers.PhoneNumber number)
    {
        var national = number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var candidate = (number.CountryCode, national.Length) switch
        {
            (52, 11) when national[0] == '1' => national[1..],
            (54, 10) when national[0] != '9' => "9" + national,
            (55, 10) when national[2] is >= '6' and <= '9' => national[..2] + "9" + national[2..],
            _ => null,
        };
        if (candidate is null) return number;
        var rewritten = new PhoneNumbers.PhoneNumber.Builder()
            .SetCountryCode(number.CountryCode)
            .SetNationalNumber(ulong.Parse(candidate, System.Globalization.CultureInfo.InvariantCulture))
            .Build();
        var type = Util.GetNumberType(rewritten);
        var valid = number.CountryCode == 52
            ? Util.IsValidNumber(rewritten)
            : type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
        return valid ? rewritten : number;
    }

    /// <summary>
    /// WhatsApp ids keep numbers in forms a country has since retired: still a real number when it
    /// fits E.164 and names a known country.
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

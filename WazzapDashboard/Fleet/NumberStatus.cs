using System.Text.Json;
using System.Text.Json.Serialization;

namespace WazzapDashboard.Fleet;

public enum NumberStatus { Unknown, Connected, Disconnected, Banned }

/// <summary>Why a number dropped, by meaning: the gateways do not publish their reason strings.</summary>
public enum ReasonCategory { PhoneOffline, SlotReused, Banned, LoggedOut, DeviceChanged, AppUpdate, Unknown }

/// <summary>
/// One spelling for enum values everywhere they leave the process: JSON, SignalR and the database
/// all use snake_case (<c>phone_offline</c>).
/// </summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.SnakeCaseLower;

    public static string ToWire<T>(this T value) where T : struct, Enum => Policy.ConvertName(value.ToString());

    public static T FromWire<T>(string value) where T : struct, Enum =>
        Enum.Parse<T>(value.Replace("_", ""), ignoreCase: true);

    public static void Configure(JsonSerializerOptions options) =>
        options.Converters.Add(new JsonStringEnumConverter(Policy));

    /// <summary>The web defaults (camelCase) with these enum names: how views and polls travel between instances and are kept.</summary>
    public static readonly JsonSerializerOptions Json = Web();

    private static JsonSerializerOptions Web()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}

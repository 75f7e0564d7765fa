using System.Security.Cryptography;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Components.Admin;

/// <summary>Admins manage users, API keys and wall links.</summary>
public partial class AccessPage
{
    [Inject] public required UserStore Users { get; init; }
    [Inject] public required AccessKeyStore Keys { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required FleetQueries Fleet { get; init; }
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; init; }
    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;

    private IReadOnlyList<User> _users = [];
    private IReadOnlyList<AccessKey> _keys = [];
    private IReadOnlyList<string> _clients = [];
    private (string Label, string Secret)? _shownSecret;
    private string? _error;
    private string _newUser = "", _newRole = Roles.Viewer, _newPassword = "";
    private string _keyName = "", _wallName = "", _wallClient = "", _wallLanguage = "";
    private string? _wallZone;
    private bool _keyCanWrite;

    protected override void OnInitialized() => Reload();

    private void Reload()
    {
        _users = Users.All();
        _keys = Keys.All();
        _clients = Fleet.Clients();
    }

    private void Do(Action action)
    {
        try
        {
            action();
            _error = null;
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
        Reload();
    }

    private void AddUser() => Do(() =>
    {
        if (string.IsNullOrWhiteSpace(_newUser)) throw new ArgumentException(L["Access_NeedsName"]);
        if (Users.Create(_newUser, _newPassword, _newRole) is null) throw new ArgumentException(L["Access_UserExists", _newUser]);
        _newUser = _newPassword = "";
    });

    private void ResetPassword(User user) => Do(() =>
    {
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Users.SetPassword(user.Id, password);
        _shownSecret = (L["Access_NewPasswordFor", user.Username], password);
    });

    private void DeleteUser(User user) => Do(() =>
    {
        if (!Users.Delete(user.Id)) throw new ArgumentException(L["Access_LastAdmin"]);
    });

    private async Task CreateApiKey()
    {
        var by = await Me();
        Do(() =>
        {
            if (string.IsNullOrWhiteSpace(_keyName)) throw new ArgumentException(L["Access_NameKey"]);
            var (key, secret) = Keys.Create(KeyKind.Api, _keyName, _keyCanWrite, null, by);
            _shownSecret = (L["Access_ApiKeyLabel", key.Name], secret);
            _keyName = "";
        });
    }

    private async Task CreateWallLink()
    {
        var by = await Me();
        Do(() =>
        {
            if (string.IsNullOrWhiteSpace(_wallName)) throw new ArgumentException(L["Access_NameWall"]);
            if (!string.IsNullOrWhiteSpace(_wallZone) && Cultures.Zone(_wallZone) is null) throw new ArgumentException(L["Profile_UnknownZone", _wallZone]);
            var (link, secret) = Keys.Create(KeyKind.Wall, _wallName, false, _wallClient, by, _wallLanguage, _wallZone);
            _shownSecret = (L["Access_WallLabel", link.Name], Navigation.ToAbsoluteUri($"/wall?key={secret}").ToString());
            _wallName = _wallClient = _wallLanguage = "";
            _wallZone = null;
        });
    }

    private void Revoke(AccessKey key) => Do(() => Keys.Revoke(key.Id));

    private Task<IEnumerable<string>> ZoneSearch(string? text, CancellationToken _) =>
        Task.FromResult(Cultures.ZoneIds.Where(z => string.IsNullOrWhiteSpace(text) || z.Contains(text.Trim().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase)));

    private async Task<string> Me() => (await Authentication).User.Identity?.Name ?? "unknown";
}

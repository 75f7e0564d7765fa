using System.Security.Cryptography;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;

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

    private IReadOnlyList<User> _users = [];
    private IReadOnlyList<AccessKey> _keys = [];
    private IReadOnlyList<string> _clients = [];
    private (string Label, string Secret)? _shownSecret;
    private string? _error;
    private string _newUser = "", _newRole = Roles.Viewer, _newPassword = "";
    private string _keyName = "", _wallName = "", _wallClient = "";
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
        if (string.IsNullOrWhiteSpace(_newUser)) throw new ArgumentException("A user needs a name.");
        if (Users.Create(_newUser, _newPassword, _newRole) is null) throw new ArgumentException($"There is already a user called {_newUser}.");
        _newUser = _newPassword = "";
    });

    private void ResetPassword(User user) => Do(() =>
    {
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Users.SetPassword(user.Id, password);
        _shownSecret = ($"New password for {user.Username}", password);
    });

    private void DeleteUser(User user) => Do(() =>
    {
        if (!Users.Delete(user.Id)) throw new ArgumentException("The last admin cannot be removed.");
    });

    private async Task CreateApiKey()
    {
        var by = await Me();
        Do(() =>
        {
            if (string.IsNullOrWhiteSpace(_keyName)) throw new ArgumentException("Name the key after what will use it.");
            var (key, secret) = Keys.Create(KeyKind.Api, _keyName, _keyCanWrite, null, by);
            _shownSecret = ($"API key \"{key.Name}\"", secret);
            _keyName = "";
        });
    }

    private async Task CreateWallLink()
    {
        var by = await Me();
        Do(() =>
        {
            if (string.IsNullOrWhiteSpace(_wallName)) throw new ArgumentException("Name the link after the screen that shows it.");
            var (link, secret) = Keys.Create(KeyKind.Wall, _wallName, false, _wallClient, by);
            _shownSecret = ($"Wall link \"{link.Name}\"", Navigation.ToAbsoluteUri($"/wall?key={secret}").ToString());
            _wallName = _wallClient = "";
        });
    }

    private void Revoke(AccessKey key) => Do(() => Keys.Revoke(key.Id));

    private async Task<string> Me() => (await Authentication).User.Identity?.Name ?? "unknown";
}

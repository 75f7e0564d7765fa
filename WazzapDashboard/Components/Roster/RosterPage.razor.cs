using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;

namespace WazzapDashboard.Components.Roster;

/// <summary>
/// Support staff keep the roster here: add, edit and remove numbers; export it as CSV; admins import a
/// CSV (all lines or none) and may purge a removed number's history.
/// </summary>
public partial class RosterPage
{
    [Inject] public required LiveFleets Live { get; init; }
    [Inject] public required FleetActions Actions { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    private LiveFleet? _fleet;
    private IReadOnlyList<NumberView> _rows = [];
    private string _search = "";
    private ImportOutcome? _import;

    private sealed record ImportOutcome(ImportResult Result, string? Message)
    {
        public bool Succeeded => Result.Outcome == ActionOutcome.Done;
    }

    protected override void OnInitialized()
    {
        _fleet = Live.Follow(InvokeAsync, _ =>
        {
            Refresh();
            StateHasChanged();
            return Task.CompletedTask;
        });
        Refresh();
    }

    private void Refresh()
    {
        _rows = _fleet!.Numbers
            .Where(NumberSearch.For(_search))
            .OrderBy(n => n.Client is null)
            .ThenBy(n => n.Client, StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n.Phone, StringComparer.Ordinal)
            .ToList();
    }

    private void OnSearch(string? text)
    {
        _search = text ?? "";
        Refresh();
    }

    private Task Add() => ShowEditor(L["Roster_AddTitle"], null);

    private Task Edit(NumberView number) => ShowEditor(L["Roster_EditTitle", Phones.Display(number.Phone)], number);

    private async Task ShowEditor(string title, NumberView? number)
    {
        var dialog = await Dialogs.ShowAsync<RosterDialog>(title,
            new DialogParameters<RosterDialog> { { d => d.Number, number } },
            new DialogOptions { MaxWidth = MaxWidth.Small, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: NumberView saved })
        {
            Snackbar.Add(L["Roster_Saved", Phones.Display(saved.Phone)], Severity.Success);
        }
    }

    private async Task Remove(NumberView number)
    {
        var admin = (await Authentication).User.IsInRole(Roles.Admin);
        var answer = await Dialogs.ShowMessageBoxAsync(
            L["Roster_RemoveTitle", Phones.Display(number.Phone)],
            L["Roster_RemoveText"] + (admin ? " " + L["Roster_RemovePurgeText"] : ""),
            yesText: L["Remove"], noText: admin ? L["Roster_RemoveAndPurge"].Value : null, cancelText: L["Cancel"]);
        if (answer is null) return;

        var result = answer.Value ? await Actions.Remove(number.Phone) : await Actions.Purge(number.Phone);
        Snackbar.Add(result.Succeeded ? L[answer.Value ? "Roster_Removed" : "Roster_Purged", Phones.Display(number.Phone)] : result.Problem ?? L["Roster_NotRemoved"],
            result.Succeeded ? Severity.Success : Severity.Error);
    }

    private async Task Import(IBrowserFile? file)
    {
        if (file is null) return;
        if (!(await Authentication).User.IsInRole(Roles.Admin)) return;
        if (file.Size > FleetApi.MaxRosterBytes)
        {
            _import = new(new ImportResult(ActionOutcome.Invalid, 0, 0, 0, []), L["Roster_TooBig", FleetApi.MaxRosterBytes / 1024 / 1024]);
            return;
        }

        using var reader = new StreamReader(file.OpenReadStream(FleetApi.MaxRosterBytes));
        var result = await Actions.Import(await reader.ReadToEndAsync());
        _import = new(result, result.Outcome switch
        {
            ActionOutcome.Done => null,
            ActionOutcome.Busy => L["Busy"].Value,
            _ => L["Roster_ImportProblems", file.Name, result.Problems.Count].Value,
        });
    }

    public void Dispose() => _fleet?.Dispose();
}

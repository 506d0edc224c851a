using System.Text.Json;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Api;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The site's maps, and (for Administrators) their import as JSON in the API's shape, from a file or pasted:
/// validated before anything is stored (MapAdministration); a refused map lists its problems and changes
/// nothing. The canvas editor is its own page (/maps/{id}/edit).
/// </summary>
public partial class Maps
{
    public const int MaxFileMegabytes = 10;
    /// <summary>A pasted map travels in one message of the circuit: larger maps come as a file (streamed).</summary>
    public const int MaxPastedChars = 30_000;
    private const int MaxShownProblems = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Inject] private SiteMaps SiteMaps { get; set; } = default!;
    [Inject] private MapAdministration Admin { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ITrafficWarnings Analysis { get; set; } = default!;

    private List<SiteMap> _maps = [];
    private List<string> _errors = [];
    private string? _json;
    /// <summary>The map imported last, and what traffic control's analysis says of it (the editor shows the same, on the canvas).</summary>
    private (uint MapId, IReadOnlyList<TrafficWarning> Warnings)? _imported;

    protected override void OnInitialized() => Load();

    private void Load() => _maps = SiteMaps.All.OrderBy(m => m.MapId).ToList();

    private static string Lifts(SiteMap m) =>
        string.Join(", ", m.Nodes.Where(n => n.Kind == MapNodeKind.Lift).Select(n => n.LinkedNodeId is { } l ? $"{n.Id}→{l}" : n.Id.ToString())) is { Length: > 0 } s ? s : "–";

    private async Task<bool> AllowedAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Administer)) return true;
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return false;
    }

    internal async Task ImportFileAsync(IBrowserFile? file)
    {
        if (!await AllowedAsync() || file is null) return;
        if (file.Size > MaxFileMegabytes * 1_000_000L)
        {
            Fail(L["TooLarge", file.Name, MaxFileMegabytes]);
            return;
        }
        string text;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(MaxFileMegabytes * 1_000_000L));
            text = await reader.ReadToEndAsync();
        }
        catch (IOException e)
        {
            Fail(L["Unreadable", file.Name, e.Message]);
            return;
        }
        await ImportAsync(text);
    }

    internal async Task ImportTextAsync()
    {
        if (!await AllowedAsync()) return;
        if (string.IsNullOrWhiteSpace(_json))
        {
            Fail(L["Nothing"]);
            return;
        }
        await ImportAsync(_json);
    }

    private void Fail(string message)
    {
        _errors = [];
        _imported = null;
        Snackbar.Add(message, Severity.Error);
    }

    private async Task ImportAsync(string text)
    {
        MapDto? dto;
        try { dto = JsonSerializer.Deserialize<MapDto>(text, Json); }
        catch (JsonException e)
        {
            Fail(L["NotJson", e.Message]);
            return;
        }
        if (dto is null)
        {
            Fail(L["NoMap"]);
            return;
        }
        var (ok, replaced, errors) = await Admin.ImportAsync(await Permissions.UserNameAsync() ?? "?", dto);
        _errors = errors;
        _imported = null;
        if (!ok)
        {
            Snackbar.Add(L["RefusedShort", errors.Count], Severity.Error);
            return;
        }
        _json = null;
        Snackbar.Add(replaced ? L["Replaced", dto.MapId, dto.Name ?? ""] : L["Imported", dto.MapId, dto.Name ?? ""], Severity.Success);
        Load();
        if (Analysis.IsAvailable && SiteMaps.Find(dto.MapId) is { } map)
            _imported = (dto.MapId, Analysis.Analyse(map, SiteMaps.All.Where(m => m.MapId != dto.MapId).ToList()));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Reports;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Reports;

/// <summary>
/// 考核 run in the web: the assessing unit's planners keep the scheme (rows or a CSV), see the scores live, publish them
/// (公示) with an appeal window, answer appeals and finalize (定稿); the units scored read the published table and file
/// appeals with evidence. Tables download as .xlsx and A4-landscape .docx.
/// </summary>
[RequestSizeLimit(Assessments.MaxAttachmentBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = Assessments.MaxAttachmentBytes + 1024 * 1024)]
public sealed class AssessmentModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public Plan? Plan { get; private set; }
    public OrgUnit? Unit { get; private set; }
    public int Year { get; private set; }
    public bool IsAssessor { get; private set; }
    public OrgUnit? ScoredUnit { get; private set; }
    public Assessment? Assessment { get; private set; }
    public ScorecardReport? Live { get; private set; }
    public string? SchemeCsv { get; private set; }
    public IReadOnlyList<ScoringItem> SchemeRows { get; private set; } = [];

    /// <summary>What is wrong with the stored scheme (a line saved before the limits, or written into the store by hand): those lines are not scored.</summary>
    public IReadOnlyList<string> SchemeWarnings { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(string plan, string? orgunit, int? year, CancellationToken ct) =>
        await LoadAsync(plan, orgunit, year, ct) ?? Page();

    /// <summary>The scheme as rows from the editor, or a CSV file that replaces it; an empty scheme goes back to equal weights.</summary>
    public async Task<IActionResult> OnPostSchemeAsync(string plan, string? orgunit, int? year, string[]? key, string[]? weight, string[]? rule, string[]? deduction,
        string[]? floor, IFormFile? file, bool? reset, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        string csv;
        if (reset == true)
        {
            csv = "";
        }
        else if (file is { Length: > 0 })
        {
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            csv = await reader.ReadToEndAsync(ct);
        }
        else
        {
            var lines = new StringBuilder("indicator,weight,rule,deduction,floor\n");
            for (var k = 0; k < (key?.Length ?? 0); k++)
            {
                string At(string[]? column) => column is not null && k < column.Length ? (column[k] ?? "").Replace(",", "", StringComparison.Ordinal).Trim() : "";
                if (At(key).Length > 0)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"{At(key)},{At(weight)},{At(rule)},{At(deduction)},{At(floor)}\n");
                }
            }
            csv = lines.ToString();
        }
        var refusals = await Assessments.SaveSchemeAsync(db, Plan!, Unit!, Year, csv, Actor(), time.GetUtcNow(), ct);
        if (refusals.Count > 0)
        {
            await LoadAsync(plan, orgunit, year, ct);
            Errors = [.. refusals.Select(r => r.Message)];
            return Page();
        }
        return RedirectToPage(new { plan, orgunit = Unit!.Code, year = Year });
    }

    public async Task<IActionResult> OnPostPublishAsync(string plan, string? orgunit, int? year, int days, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        var (_, refusal) = await Assessments.PublishAsync(db, live, Plan!, Unit!, Year, days, Actor(), time.GetUtcNow(), ct);
        return await AnswerAsync(refusal, plan, orgunit, year, ct);
    }

    public async Task<IActionResult> OnPostAppealAsync(string plan, string? orgunit, int? year, string? body, IFormFile? evidence, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        if (Assessment is null)
        {
            return NotFound();
        }
        byte[]? content = null;
        if (evidence is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await evidence.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        var refusal = await Assessments.AppealAsync(db, Assessment, body ?? "", evidence is { Length: > 0 } ? evidence.FileName : null, content, Actor(),
            time.GetUtcNow(), ct);
        return await AnswerAsync(refusal, plan, orgunit, year, ct);
    }

    public async Task<IActionResult> OnPostAnswerAsync(string plan, string? orgunit, int? year, long appeal, bool accepted, string? reply, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        if (Assessment is null)
        {
            return NotFound();
        }
        var refusal = await Assessments.AnswerAsync(db, Assessment, appeal, accepted, reply ?? "", Unit!, Actor(), time.GetUtcNow(), ct);
        return await AnswerAsync(refusal, plan, orgunit, year, ct);
    }

    public async Task<IActionResult> OnPostFinalizeAsync(string plan, string? orgunit, int? year, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        if (Assessment is null)
        {
            return NotFound();
        }
        var refusal = await Assessments.FinalizeAsync(db, live, Plan!, Unit!, Assessment, Actor(), time.GetUtcNow(), ct);
        return await AnswerAsync(refusal, plan, orgunit, year, ct);
    }

    /// <summary>The table shown (final, published, or the live draft to its assessors) as .xlsx or A4-landscape .docx.</summary>
    public async Task<IActionResult> OnGetFileAsync(string plan, string? orgunit, int? year, string format, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        var table = Assessment?.Table ?? (IsAssessor && Live is not null ? AssessmentTable.Of(Live) : null);
        if (table is null)
        {
            return NotFound();
        }
        var state = Assessment?.StateChinese ?? "草稿 (未公示)";
        var path = Path.Combine(Path.GetTempPath(), $"yardstick-{Guid.NewGuid():N}");
        try
        {
            if (format == "docx")
            {
                table.WriteDocx(path, state);
                return File(await System.IO.File.ReadAllBytesAsync(path, ct), Docx, $"{Unit!.Name}{Year}年考核结果 ({state}).docx");
            }
            XlsxWriter.Write(path, [table.Sheet()]);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), Xlsx, $"{Unit!.Name}{Year}年考核结果 ({state}).xlsx");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    public async Task<IActionResult> OnGetEvidenceAsync(string plan, string? orgunit, int? year, long appeal, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct) is { } refused)
        {
            return refused;
        }
        // The assessors read every appeal's evidence; a scored unit its own.
        if (Assessment?.Appeals.FirstOrDefault(a => a.Id == appeal) is not { } found || (!IsAssessor && found.OrgUnitId != ScoredUnit?.Id)
            || await Assessments.AppealAttachmentAsync(db, Assessment.Id, appeal, ct) is not { } file)
        {
            return NotFound();
        }
        return File(file.Content, "application/octet-stream", file.Name);
    }

    // Appeals come from a scored unit's own data and task people (reporters, reviewers, departments, planners), not viewers.
    private AssessmentActor Actor() => new(me.Name, UnitScope, me.CanPlan, me.CanWriteData || me.CanWriteTasks || me.CanReview, me.Address);

    private OrgUnit? UnitScope { get; set; }

    private async Task<IActionResult> AnswerAsync(Refusal? refusal, string plan, string? orgunit, int? year, CancellationToken ct)
    {
        if (refusal is null)
        {
            return RedirectToPage(new { plan, orgunit = Unit!.Code, year = Year });
        }
        switch (refusal.Kind)
        {
            case RefusalKind.Forbidden:
                return Forbid();
            case RefusalKind.NotFound:
                return NotFound();
            case RefusalKind.Invalid or RefusalKind.Conflict or RefusalKind.Locked or RefusalKind.UnsupportedType or RefusalKind.Busy:
                Errors = [refusal.Message];
                await LoadAsync(plan, orgunit, year, ct);
                // The page shows why, with the status that says whose it is (409: another planner moved it first).
                Response.StatusCode = Hosting.Problems.Answer(refusal.Kind).Status;
                return Page();
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>
    /// The plan, the assessing unit and the year; the user either assesses (a planner whose scope holds the unit), is one of
    /// the units scored (a unit right below it), or reads the unit (<see cref="CurrentUser.SeesAsync"/>: inside their scope,
    /// or a 处室 account's read-only data scope), who may read what is published; anyone else is refused. Acting — the
    /// scheme, publishing, answering appeals, appealing — asks the user's own scope alone (<see cref="Actor"/>).
    /// </summary>
    private async Task<IActionResult?> LoadAsync(string plan, string? orgunit, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == plan, ct);
        if (Plan is null)
        {
            return NotFound();
        }
        var scope = await me.ScopeAsync(ct);
        UnitScope = scope;
        var code = string.IsNullOrWhiteSpace(orgunit) ? (await me.FiguresRootAsync(ct))?.Code : orgunit.Trim();
        Unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, ct);
        if (Unit is null || scope is null)
        {
            return NotFound();
        }
        Year = year ?? Screens.DefaultYear(live, time, Unit);
        IsAssessor = me.CanPlan && Unit.IsWithin(scope);
        ScoredUnit = !Unit.IsWithin(scope) && scope.ParentId == Unit.Id ? scope : null;
        if (!IsAssessor && ScoredUnit is null && !await me.SeesAsync(Unit, ct))
        {
            return Forbid();
        }
        Assessment = await Assessments.GetAsync(db, Plan.Id, Unit.Id, Year, ct);
        if (ScoredUnit is not null && Assessment is null)
        {
            // Until it is published, a 考核 is the assessing unit's draft.
            return NotFound();
        }
        if (IsAssessor && Assessment is null)
        {
            SchemeCsv = await Assessments.SchemeCsvAsync(db, Plan.Id, Unit.Id, Year, ct);
            var parsed = SchemeCsv is null ? ((IReadOnlyList<ScoringItem>, IReadOnlyList<string>)?)null : ScoringScheme.Parse(SchemeCsv);
            var scheme = parsed?.Item1;
            SchemeWarnings = parsed?.Item2 ?? [];
            var (report, error) = await ScorecardReport.BuildAsync(db, live, Plan.Code, Unit.Code, Year, scheme, LocalClock.Today(time), ct);
            Live = report;
            SchemeRows = report?.Scheme ?? scheme ?? [];
            if (error is not null)
            {
                Errors = [error];
            }
        }
        return null;
    }
}

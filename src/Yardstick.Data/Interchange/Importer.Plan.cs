using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Core.Documents;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    /// <summary>
    /// Stores a reviewed document reading as a new plan (<c>yardstick import-plan</c>), all or nothing, under one change
    /// set: table indicators linked to a stored indicator become targets of <paramref name="orgUnitCode"/> (checked as
    /// targets.csv rows are, each reported as <c>source:row</c>); every item read — indicators, prose targets,
    /// achievements, annex rows, catalogued or not — is kept in <c>plan_items</c> in the document's words, and key tasks
    /// in <c>plan_tasks</c>. An existing plan code is refused rather than merged, so a second import cannot half-change
    /// a plan someone has already reviewed.
    /// </summary>
    public async Task<ImportResult> ImportPlanAsync(DocumentReading reading, string planCode, string? orgUnitCode, string actor, string source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentException.ThrowIfNullOrWhiteSpace(planCode);
        await LoadAsync(cancellationToken, valuesOnly: null, writesMetadata: true);
        if (_plans.ContainsKey(planCode))
        {
            _issues.Add(new ImportIssue(source, 0, $"规划 \"{planCode}\" 已存在; import-plan 只新建规划, 请换一个代码或先删除旧规划"));
            return new ImportResult(_issues.ToList(), _rows);
        }
        var unit = orgUnitCode ?? (_units.Values.Count(u => u.ParentId is null) == 1 ? _units.Values.Single(u => u.ParentId is null).Code : null);
        // A table row becomes a target when a stored indicator has its catalogue code or, failing that, its exact name
        // (a commission may code 产前检测率 its own way), and its comparator is one the evaluation knows.
        var byName = _indicators.Values.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Code, StringComparer.Ordinal);
        var indicatorOf = (string? code, string name) => code is not null && _indicators.ContainsKey(code) ? code : byName.GetValueOrDefault(name);
        // Every item keeps the stored indicator it is linked to by that rule — a reference value (省定7‰) is a line for the
        // indicator its measure names —, so that a target judged through a stored indicator is not also listed as an open
        // document target under a code the store does not have.
        string? Linked(string? code, string name) => indicatorOf(code, name) ?? code;
        reading = reading with
        {
            Indicators = [.. reading.Indicators.Select(i => i with { IndicatorCode = Linked(i.IndicatorCode, i.Name) })],
            ProseTargets = [.. reading.ProseTargets.Select(p => p with { IndicatorCode = Linked(p.IndicatorCode, p.Name) })],
            Achievements = [.. reading.Achievements.Select(p => p with { IndicatorCode = Linked(p.IndicatorCode, p.Name) })],
            References = [.. reading.References.Select(r => r with { IndicatorCode = Linked(r.IndicatorCode, r.Name) })],
        };
        // Table rows first, then prose targets: each linked to a stored indicator, with a year and a comparator the
        // evaluation judges (ReadingTargets owns the mapping); the first statement of an indicator's target for a year wins.
        // An item a reviewer kept only (KeepOnly) gives the empty tuple, which has no indicator and drops out below.
        var candidates = reading.Indicators
            .Select((i, index) => i.KeepOnly ? default : (Row: index + 1, Code: indicatorOf(i.IndicatorCode, i.Name), Year: i.TargetYear,
                Comparator: i.Target is { } t ? ReadingTargets.Comparator(t.Comparator, t.Value, i.BaselineValue, null) : null,
                Value: i.Target?.Value is { } v ? Invariant(v) : i.Target?.Text, BaselineYear: i.BaselineYear, Baseline: i.BaselineValue, Nature: i.Nature,
                EachUnit: ReadingTargets.EachUnit(i.Name + " " + i.Source)))
            .Concat(reading.ProseTargets.Select((p, index) => p.KeepOnly ? default : (Row: reading.Indicators.Count + index + 1, Code: indicatorOf(p.IndicatorCode, p.Name), p.Year,
                Comparator: ReadingTargets.Comparator(p.Comparator, p.Value, null, indicatorOf(p.IndicatorCode, p.Name) is { } c ? _indicators[c].Direction : null),
                Value: p.Value is { } v ? Invariant(v) : p.Text, BaselineYear: (int?)null, Baseline: (decimal?)null, Nature: (string?)null,
                EachUnit: ReadingTargets.EachUnit(p.Source))))
            .Where(x => x.Code is not null && x.Year is not null && x.Comparator is not null && x.Value is not null)
            .DistinctBy(x => (x.Code, x.Year))
            .ToList();
        if (candidates.Count > 0 && unit is null)
        {
            _issues.Add(new ImportIssue(source, 0, "有 " + candidates.Count + " 项目标可建为目标, 但没有指定组织机构 (--orgunit), 库中也没有唯一的顶级机构"));
            return new ImportResult(_issues.ToList(), _rows);
        }
        var targets = new SourceTable(source, InterchangeKind.Targets, [.. candidates.Select(x => new SourceRow(x.Row, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["plan"] = planCode,
            ["indicator"] = x.Code!,
            ["orgunit"] = unit!,
            ["baseline_year"] = Invariant(x.BaselineYear),
            ["baseline_value"] = Invariant(x.Baseline),
            ["target_year"] = Invariant(x.Year),
            ["target_value"] = x.Value!,
            ["comparator"] = x.Comparator!,
            ["nature"] = x.Nature ?? "预期性",
            ["each_unit"] = x.EachUnit?.Code() ?? "",
        }))]);
        _rows[InterchangeKind.Targets] = targets.Rows.Count;
        CheckTargets(targets);
        var result = new ImportResult(_issues.ToList(), new Dictionary<InterchangeKind, int>(_rows));
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        var (baseYear, endYear) = YearsOf(reading, LocalClock.Today(time).Year);
        var name = reading.Title.Length > 0 ? reading.Title : planCode;
        if (_plans.TryGetValue(planCode, out var plan))
        {
            // Made just now from the targets' rows, which know only their baselines: the document says what years it covers.
            plan.Update(name, baseYear, Math.Min(baseYear + 1, endYear), endYear);
        }
        else
        {
            plan = new Plan(NextId(_plans.Values, p => p.Id), planCode, name, baseYear, Math.Min(baseYear + 1, endYear), endYear);
            db.Plans.Add(plan);
        }
        _audit.RemoveAll(a => a.Entity == "plan" && a.Key == planCode);
        _audit.Add(("plan", planCode, null, $"name={name};base_year={plan.BaseYear};end_year={plan.EndYear}"));

        await AuditedChange.RunAsync(db, Opening(actor, source), async (changeSet, _, _) =>
        {
            await db.SaveChangesAsync(cancellationToken);
            await WritePlanDocumentAsync(plan, reading, unit is null ? null : _units.GetValueOrDefault(unit), cancellationToken);
            await AuditLog.WriteAsync(db, changeSet, _audit, cancellationToken);
            return true;
        }, cancellationToken);
        return result;
    }

    /// <summary>
    /// The document's items and key tasks. A task enters the 督办 loop as a draft (待交办) of <paramref name="owner"/>, its
    /// 责任处室 and 配合 words resolved to that unit's departments and units below by name (<see cref="OwnerNames"/>);
    /// the words stay on the task whether or not they resolve.
    /// </summary>
    private async Task WritePlanDocumentAsync(Plan plan, DocumentReading reading, OrgUnit? owner, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using (var tasks = connection.CreateCommand())
        {
            tasks.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            tasks.CommandText = """
                INSERT INTO plan_tasks (plan_id, no, section, title, leads, responsible, cooperating, source, status, assigner_unit_id)
                VALUES (@plan, @no, @section, @title, @leads, @responsible, @cooperating, @source, 'draft', @assigner)
                """;
            foreach (var name in (string[])["@plan", "@no", "@section", "@title", "@leads", "@responsible", "@cooperating", "@source", "@assigner"])
            {
                SchemaMigrator.AddParameter(tasks, name, null);
            }
            await using var owners = connection.CreateCommand();
            owners.Transaction = tasks.Transaction;
            owners.CommandText = "INSERT INTO task_owners (task_id, org_unit_id, role) VALUES ((SELECT max(id) FROM plan_tasks WHERE plan_id = @plan), @unit, @role)";
            foreach (var name in (string[])["@plan", "@unit", "@role"])
            {
                SchemaMigrator.AddParameter(owners, name, null);
            }
            var candidates = owner is null ? [] : _units.Values.Where(u => u.Id != owner.Id && u.IsWithin(owner)).ToList();
            var numbers = TaskNumbers.Unique([.. reading.Tasks.Select(t => t.No)]);
            foreach (var (t, no) in reading.Tasks.Zip(numbers))
            {
                Set(tasks, plan.Id, no, t.Section, t.Title, string.Join('、', t.Leads), string.Join('、', t.Responsible), string.Join('、', t.Cooperating), t.Source, owner?.Id);
                await tasks.ExecuteNonQueryAsync(cancellationToken);
                _audit.Add(("plan_task", $"{plan.Code}/{t.Section}{no}", null, $"{t.Title};牵头领导={string.Join('、', t.Leads)};责任={string.Join('、', t.Responsible)}"));
                var resolved = t.Responsible.Select(n => (Unit: OwnerNames.Match(n, candidates), Role: "lead"))
                    .Concat(t.Cooperating.Select(n => (Unit: OwnerNames.Match(n, candidates), Role: "partner")))
                    .Where(x => x.Unit is not null).DistinctBy(x => x.Unit!.Id);
                foreach (var (unit, role) in resolved)
                {
                    Set(owners, plan.Id, unit!.Id, role);
                    await owners.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        await using var items = connection.CreateCommand();
        items.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        items.CommandText = """
            INSERT INTO plan_items (plan_id, kind, name, comparator, value, unit, year, baseline_year, baseline_value, nature, indicator_code, origin, lead, source)
            VALUES (@plan, @kind, @name, @comparator, @value, @unit, @year, @baseline_year, @baseline_value, @nature, @indicator_code, @origin, @lead, @source)
            """;
        foreach (var name in (string[])["@plan", "@kind", "@name", "@comparator", "@value", "@unit", "@year", "@baseline_year", "@baseline_value", "@nature", "@indicator_code", "@origin", "@lead", "@source"])
        {
            SchemaMigrator.AddParameter(items, name, null);
        }
        var rows = reading.Indicators.Select(i => new PlanItemRow("indicator", i.Name, i.Target?.Comparator, i.Target?.Value is { } v ? Invariant(v) : i.Target?.Text,
                i.Unit, i.TargetYear, i.BaselineYear, i.BaselineValue is { } b ? Invariant(b) : null, i.Nature, i.IndicatorCode, null, null, i.Source))
            .Concat(reading.ProseTargets.Select(p => PlanItemRow.Prose("prose_target", p)))
            .Concat(reading.Achievements.Select(p => PlanItemRow.Prose("achievement", p)))
            .Concat(reading.References.Select(p => PlanItemRow.Prose("reference", p) with { Origin = p.Reference }))
            .Concat(reading.Annex.Select(a => new PlanItemRow("annex", a.Content.Length > 0 ? $"{a.Category}/{a.Content}" : a.Category, null, a.Target,
                null, null, null, null, null, null, a.Origin, a.Lead, a.Source)));
        var n = 0;
        foreach (var r in rows)
        {
            Set(items, plan.Id, r.Kind, r.Name, r.Comparator, r.Value, r.Unit, r.Year, r.BaselineYear, r.BaselineValue, r.Nature, r.IndicatorCode, r.Origin, r.Lead, r.Source);
            await items.ExecuteNonQueryAsync(cancellationToken);
            _audit.Add(("plan_item", $"{plan.Code}/{r.Kind}/{++n}", null, $"{r.Name} {r.Comparator} {r.Value}{r.Unit}"));
        }
    }

    /// <summary>One row of <c>plan_items</c>: an item read from a plan document, in the document's words.</summary>
    private sealed record PlanItemRow(string Kind, string Name, string? Comparator, string? Value, string? Unit, int? Year, int? BaselineYear,
        string? BaselineValue, string? Nature, string? IndicatorCode, string? Origin, string? Lead, string Source)
    {
        // A prose item named by a catalogue alias (人员在岗率) is stored under the catalogue's full name; its quote keeps the
        // document's words.
        public static PlanItemRow Prose(string kind, ProseItem p) =>
            new(kind, IndicatorCatalogue.Default.StandardName(p.IndicatorCode, p.Name) ?? p.Name, p.Comparator, p.Value is { } v ? Invariant(v) : p.Text, p.Unit, p.Year, null, null, null, p.IndicatorCode, null, null, p.Source);
    }

    private static void Set(System.Data.Common.DbCommand command, params object?[] values)
    {
        for (var k = 0; k < values.Length; k++)
        {
            command.Parameters[k].Value = values[k] ?? DBNull.Value;
        }
    }

    // A plan runs from its baseline year to its target year; work points and summaries cover their own year.
    private static (int BaseYear, int EndYear) YearsOf(DocumentReading reading, int thisYear)
    {
        var end = reading.Indicators.Select(i => i.TargetYear).Concat(reading.ProseTargets.Select(p => p.Year)).Where(y => y is not null).Select(y => y!.Value)
            .DefaultIfEmpty(thisYear).Max();
        if (reading.Kind == "workpoints")
        {
            // Its counts (新增护理型床位50张) are that year's work, not work since the oldest baseline its annex quotes.
            return (end - 1, end);
        }
        var start = reading.Indicators.Select(i => i.BaselineYear).Where(y => y is not null).Select(y => y!.Value).DefaultIfEmpty(end - 1).Min();
        return (Math.Min(start, end), end);
    }

    private static string Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Invariant(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}

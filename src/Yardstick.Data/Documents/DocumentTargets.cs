using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Text;
using Yardstick.Data.Values;

namespace Yardstick.Data.Documents;

/// <summary>What a department recorded for a document target, for one unit and year: a figure or an outcome, a note, evidence.</summary>
public sealed record ItemResult(long Id, long ItemId, int OrgUnitId, int Year, decimal? Actual, ItemOutcome? Outcome, string Note, string? Department,
    string? AttachmentName, string Actor, DateTimeOffset At);

/// <summary>A document target judged for one unit and year, with what it was judged on.</summary>
/// <param name="ElementTotal">The linked data element's total over the plan's years up to the one judged; null when none is linked or reported.</param>
public sealed record DocumentTargetRow(PlanItem Item, DocumentTarget Target, OrgUnit OrgUnit, TargetEvaluation Evaluation, ItemResult? Result, decimal? ElementTotal)
{
    /// <summary>What decided the status: data_element, recorded (a figure), outcome (达成/未达成/推进中) or none.</summary>
    public string Basis => ElementTotal is not null && Target.JudgedBy is not null ? "data_element"
        : Result?.Actual is not null && Target.JudgedBy is not null ? "recorded"
        : Result?.Outcome is not null ? "outcome"
        : "none";

    /// <summary>The figure judged with the target's unit (1200人), else the outcome recorded (达成), else a dash.</summary>
    public string Shown => Evaluation.Actual is { } a ? Rounding.Plain(a) + (Target.Unit ?? "") : Result?.Outcome?.Chinese() ?? "—";

    public string BasisChinese => Basis switch
    {
        "data_element" => "按数据元汇总",
        "recorded" => "按登记的完成数",
        "outcome" => "按登记的达成情况",
        _ => "未登记",
    };
}

/// <summary>A result a user asks to record; the figure and the outcome are as typed.</summary>
/// <remarks>
/// <paramref name="SeenResultId"/> is the latest result for that year the user saw when deciding (0: none); a form carries it so
/// that a result recorded since the page was opened is not silently replaced. Null (the CLI): record over whatever is there.
/// </remarks>
public sealed record ItemResultInput(long ItemId, string OrgUnitCode, int Year, string? Actual, string? Outcome, string Note, string? Department = null,
    string? AttachmentName = null, byte[]? Attachment = null, long? SeenResultId = null);

/// <summary>
/// The targets of a plan's document that no stored indicator's target judges — counts (完成2000人次的筛查), levels without an
/// indicator (经费标准人均≥96元), qualitative ones (通过国家卫生镇复审) and the annex's rows — judged on a linked data element or
/// on what the responsible department records (<see cref="DocumentTarget.Judge"/> owns the rule). Each unit is judged on its
/// own data and its own records: the plan owner on screens and in reports, its children in the 考核.
/// </summary>
public static class DocumentTargets
{
    public const long MaxAttachmentBytes = 10 * 1024 * 1024;

    /// <summary>The plan's document targets judged for <paramref name="unit"/> in <paramref name="year"/>, in the document's order.</summary>
    public static Task<IReadOnlyList<DocumentTargetRow>> JudgeAsync(YardstickDb db, IEngineSource engines, Plan plan, OrgUnit unit, int year,
        CancellationToken cancellationToken = default) => JudgeAsync(db, engines, plan, [unit], year, cancellationToken);

    /// <summary>
    /// The plan's document targets judged for each of <paramref name="units"/> in <paramref name="year"/> — each on its own
    /// element totals and its own recorded results (the 考核 of a unit's children) — unit by unit, in the document's order.
    /// </summary>
    public static async Task<IReadOnlyList<DocumentTargetRow>> JudgeAsync(YardstickDb db, IEngineSource engines, Plan plan, IReadOnlyList<OrgUnit> units,
        int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(units);
        var items = await OpenItemsAsync(db, plan, cancellationToken);
        if (items.Count == 0 || units.Count == 0)
        {
            return [];
        }
        var results = await LatestAsync(db, plan.Id, units.Select(u => u.Id).ToHashSet(), year, cancellationToken);
        var elementCodes = items.Select(i => i.ElementCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var totals = new Dictionary<(string Code, int Unit), decimal?>();
        if (elementCodes.Count > 0)
        {
            var first = Math.Min(plan.StartYear, year);
            var counters = elementCodes.Select((code, k) => new Indicator(k + 1, code, code, "#{" + code + "}", null, 1, "", Direction.Higher, 0)).ToList();
            // A count accumulates over the plan's years: the element's total from the plan's first year to the one judged.
            totals = await engines.ReadAsync(db, counters, first, year, engine => elementCodes
                .SelectMany(c => units.Select(u => (c, u.Id)))
                .ToDictionary(key => key, key =>
                {
                    var years = Enumerable.Range(first, year - first + 1).Select(y => engine.ElementValue(key.c, key.Id, Period.OfYear(y))).OfType<decimal>().ToList();
                    return years.Count == 0 ? (decimal?)null : years.Sum();
                }), cancellationToken);
        }
        return [.. units.SelectMany(unit => items.Select(item =>
        {
            var target = item.AsTarget(plan.EndYear);
            var result = results.GetValueOrDefault((item.Id, unit.Id));
            var total = item.ElementCode is { } code ? totals.GetValueOrDefault((code, unit.Id)) : null;
            var evaluation = target.Judge(year, plan.BaseYear, total ?? result?.Actual, result?.Outcome);
            return new DocumentTargetRow(item, target, unit, evaluation, result, total);
        }))];
    }

    /// <summary>
    /// The document's targets not judged through a stored target: every target item except table rows and prose targets
    /// whose indicator has a target of this plan for that year (those are judged with the indicator's data).
    /// </summary>
    public static async Task<IReadOnlyList<PlanItem>> OpenItemsAsync(YardstickDb db, Plan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var planId = plan.Id;
        var judged = (await db.Targets.AsNoTracking().Where(t => t.PlanId == planId)
                .Join(db.Indicators.AsNoTracking(), t => t.IndicatorId, i => i.Id, (t, i) => new { i.Code, t.TargetYear })
                .ToListAsync(cancellationToken))
            .Select(x => (x.Code, x.TargetYear)).ToHashSet();
        return [.. (await PlanItems.ListAsync(db, planId, cancellationToken))
            .Where(i => i.IsTarget && !(i.IndicatorCode is { } c && judged.Contains((c, i.Year ?? plan.EndYear))))];
    }

    /// <summary>
    /// The reference values the plan's document quotes (省定7‰), by the indicator they are lines for; of every plan's documents
    /// when <paramref name="plan"/> is null (an indicator's chart shows the thresholds whatever document quoted them).
    /// </summary>
    public static async Task<ILookup<string, PlanItem>> ReferencesAsync(YardstickDb db, Plan? plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var items = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, name, comparator, value, unit, year, indicator_code, source, origin FROM plan_items WHERE kind = 'reference' AND indicator_code IS NOT NULL"
                + (plan is null ? "" : " AND plan_id = @plan") + " ORDER BY id";
            if (plan is not null)
            {
                SchemaMigrator.AddParameter(command, "@plan", plan.Id);
            }
            var list = new List<PlanItem>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int k) => reader.IsDBNull(k) ? null : Convert.ToString(reader.GetValue(k), CultureInfo.InvariantCulture);
                list.Add(new PlanItem(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), "reference", reader.GetString(1), Text(2), Text(3), Text(4),
                    reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), Text(6), Text(7) ?? "", null, Text(8)));
            }
            return list;
        }, cancellationToken);
        // The same threshold quoted by several documents is one line.
        return items.DistinctBy(i => (i.IndicatorCode, i.Origin, i.Comparator, i.Value)).ToLookup(i => i.IndicatorCode!, StringComparer.Ordinal);
    }

    /// <summary>Every result recorded for an item and unit, newest first.</summary>
    public static async Task<IReadOnlyList<ItemResult>> HistoryAsync(YardstickDb db, long itemId, int orgUnitId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(connection => ReadAsync(connection, "plan_item_id = @item AND org_unit_id = @unit ORDER BY year DESC, id DESC",
            cancellationToken, ("@item", itemId), ("@unit", orgUnitId)), cancellationToken);
    }

    public static async Task<(ItemResult Result, string Name, byte[] Content)?> AttachmentAsync(YardstickDb db, long resultId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            var result = (await ReadAsync(connection, "id = @id AND attachment IS NOT NULL", cancellationToken, ("@id", resultId))).SingleOrDefault();
            if (result is null)
            {
                return ((ItemResult, string, byte[])?)null;
            }
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT attachment FROM plan_item_results WHERE id = @id";
            SchemaMigrator.AddParameter(command, "@id", resultId);
            return (result, result.AttachmentName!, (byte[])(await command.ExecuteScalarAsync(cancellationToken))!);
        }, cancellationToken);
    }

    /// <summary>The item with this id, with its plan; null when there is none.</summary>
    public static async Task<(PlanItem Item, Plan Plan)?> ItemAsync(YardstickDb db, long itemId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var planId = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT plan_id FROM plan_items WHERE id = @id";
            SchemaMigrator.AddParameter(command, "@id", itemId);
            return await command.ExecuteScalarAsync(cancellationToken) is { } v and not DBNull ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : (int?)null;
        }, cancellationToken);
        if (planId is not { } id || await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } plan)
        {
            return null;
        }
        var item = (await PlanItems.ListAsync(db, id, cancellationToken, int.MaxValue)).Single(i => i.Id == itemId);
        return (item, plan);
    }

    /// <summary>
    /// Records a result, audited under the unit in its own change set; returns the refusal in Chinese, or null. A figure is
    /// taken only for a target with one (a qualitative target takes 达成 / 未达成 / 推进中), typed as people type it (全角, 千分位).
    /// </summary>
    public static async Task<string?> RecordAsync(YardstickDb db, ItemResultInput input, string actor, string? address, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        if (await ItemAsync(db, input.ItemId, cancellationToken) is not var (item, plan) || !item.IsTarget)
        {
            return $"没有编号为 {input.ItemId} 的文件目标";
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == input.OrgUnitCode, cancellationToken);
        if (unit is null)
        {
            return $"未知的组织机构代码 \"{input.OrgUnitCode}\"";
        }
        if (input.Year is < 1900 or > 2999)
        {
            return $"年份 {input.Year} 不在 1900–2999 之间";
        }
        var target = item.AsTarget(plan.EndYear);
        decimal? actual = null;
        if (!string.IsNullOrWhiteSpace(input.Actual))
        {
            if (target.JudgedBy is null)
            {
                return $"“{item.Name}”是定性目标, 没有可比的数字: 请登记达成情况 (达成 / 未达成 / 推进中)";
            }
            // "2,100人次" is read as 2100 when the unit is the target's own.
            var typed = InputText.Normalize(input.Actual).Trim();
            if (target.Unit is { Length: > 0 } u && typed.EndsWith(u, StringComparison.Ordinal))
            {
                typed = typed[..^u.Length].Trim();
            }
            if (!InputText.TryParseDecimal(typed, out var a) || Math.Abs(a) > 1_000_000_000_000m)
            {
                return $"完成数 \"{input.Actual}\" 不是数字";
            }
            actual = a;
        }
        ItemOutcome? outcome = null;
        if (!string.IsNullOrWhiteSpace(input.Outcome))
        {
            if (!ItemOutcomes.TryParse(input.Outcome, out var o))
            {
                return $"达成情况 \"{input.Outcome}\" 应为 达成、未达成 或 推进中";
            }
            outcome = o;
        }
        if (actual is null && outcome is null)
        {
            return target.JudgedBy is null ? "请选择达成情况 (达成 / 未达成 / 推进中)" : "请填写完成数, 或选择达成情况";
        }
        var note = InputText.Clean(input.Note ?? "");
        if (note.Length > 2000)
        {
            return "说明不能超过 2000 字";
        }
        var department = string.IsNullOrWhiteSpace(input.Department) ? null : InputText.Clean(input.Department);
        if (department is { Length: > 100 })
        {
            return "责任处室不能超过 100 字";
        }
        if (input.Attachment is { LongLength: > MaxAttachmentBytes })
        {
            return $"佐证材料不能超过 {MaxAttachmentBytes / 1024 / 1024} MB";
        }
        var attachmentName = input.Attachment is null ? null : Path.GetFileName(InputText.Clean(input.AttachmentName ?? "佐证材料"));

        var previous = (await HistoryAsync(db, item.Id, unit.Id, cancellationToken)).FirstOrDefault(r => r.Year == input.Year);
        var decidedOn = input.SeenResultId is { } seen ? (seen == 0 ? null : seen) : previous?.Id;
        var key = $"{plan.Code}/{item.Id}/{unit.Code}/{input.Year}";
        var recorded = await AuditedChange.RunAsync(db, actor, "文件目标结果", at, address, async (connection, transaction) =>
        {
            // Recorded over the result read above: read again under the writers' lock, so two people recording at once
            // cannot both replace the same result (and the audit's old value is the one really replaced).
            var latest = await AuditedChange.ScalarAsync(connection, transaction,
                "SELECT max(id) FROM plan_item_results WHERE plan_item_id = @item AND org_unit_id = @unit AND year = @year", cancellationToken,
                ("@item", item.Id), ("@unit", unit.Id), ("@year", input.Year));
            var latestId = latest is null or DBNull ? (long?)null : Convert.ToInt64(latest, CultureInfo.InvariantCulture);
            if (latestId != decidedOn || latestId != previous?.Id)
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, """
                INSERT INTO plan_item_results (plan_item_id, org_unit_id, year, actual, outcome, note, department, attachment_name, attachment, actor, at)
                VALUES (@item, @unit, @year, @actual, @outcome, @note, @department, @an, @a, @actor, @at)
                """, cancellationToken,
                ("@item", item.Id), ("@unit", unit.Id), ("@year", input.Year), ("@actual", actual), ("@outcome", outcome?.Word()), ("@note", note),
                ("@department", department), ("@an", attachmentName), ("@a", input.Attachment), ("@actor", actor),
                ("@at", at.ToString("O", CultureInfo.InvariantCulture)));
            return [("plan_item_result", key, previous is null ? null : Summary(previous.Actual, previous.Outcome, previous.Note, previous.AttachmentName),
                Summary(actual, outcome, note, attachmentName))];
        }, cancellationToken);
        if (recorded)
        {
            return null;
        }
        var now = (await HistoryAsync(db, item.Id, unit.Id, cancellationToken)).FirstOrDefault(r => r.Year == input.Year);
        return $"{unit.Name}{input.Year}年“{item.Name}”的结果已被 {now?.Actor} 于 {(now is null ? "" : Yardstick.Core.Model.LocalClock.Text(now.At))} 登记为 "
            + $"{(now is null ? "" : Summary(now.Actual, now.Outcome, now.Note, now.AttachmentName))}; 您的登记未保存, 请刷新后再看";
    }

    /// <summary>
    /// Links a count or level target to a data element whose yearly total judges it from then on (null unlinks), audited;
    /// returns the refusal in Chinese, or null.
    /// </summary>
    public static async Task<string?> LinkElementAsync(YardstickDb db, long itemId, string? elementCode, string actor, string? address, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await ItemAsync(db, itemId, cancellationToken) is not var (item, plan) || !item.IsTarget)
        {
            return $"没有编号为 {itemId} 的文件目标";
        }
        var code = string.IsNullOrWhiteSpace(elementCode) ? null : elementCode.Trim();
        if (code is not null)
        {
            if (item.AsTarget(plan.EndYear).JudgedBy is null)
            {
                return $"“{item.Name}”是定性目标, 不能按数据元判断";
            }
            if (!await db.DataElements.AsNoTracking().AnyAsync(e => e.Code == code, cancellationToken))
            {
                return $"未知的数据元代码 \"{Yardstick.Core.Model.InputLimits.Echo(code)}\"";
            }
        }
        if (string.Equals(code, item.ElementCode, StringComparison.Ordinal))
        {
            return null;
        }
        await WriteAuditedAsync(db, actor, address, at, "UPDATE plan_items SET element_code = @code WHERE id = @id", [("@code", code), ("@id", itemId)],
            ("plan_item.element", $"{plan.Code}/{item.Id}", item.ElementCode, code), cancellationToken);
        return null;
    }

    /// <summary>One statement and its audit row in their own change set.</summary>
    private static Task WriteAuditedAsync(YardstickDb db, string actor, string? address, DateTimeOffset at, string sql,
        IReadOnlyList<(string Name, object? Value)> parameters, (string Entity, string Key, string? Old, string? New) audit, CancellationToken cancellationToken) =>
        AuditedChange.RunAsync(db, actor, "文件目标结果", at, address, async (connection, transaction) =>
        {
            await AuditedChange.ExecuteAsync(connection, transaction, sql, cancellationToken, [.. parameters]);
            return [audit];
        }, cancellationToken);

    private static string Summary(decimal? actual, ItemOutcome? outcome, string note, string? attachment) =>
        string.Join("; ", new[]
        {
            actual is { } a ? "完成数=" + a.ToString(CultureInfo.InvariantCulture) : null,
            outcome is { } o ? "达成情况=" + o.Chinese() : null,
            note.Length > 0 ? "说明=" + note : null,
            attachment is { } n ? "佐证=" + n : null,
        }.OfType<string>());

    /// <summary>
    /// For each item and unit, the latest result recorded in a year up to <paramref name="year"/>: a result stands until a later
    /// one. The plan's results are few (items × units × years), so they are read whole and the units picked here.
    /// </summary>
    private static async Task<Dictionary<(long Item, int Unit), ItemResult>> LatestAsync(YardstickDb db, int planId, IReadOnlySet<int> orgUnitIds, int year,
        CancellationToken cancellationToken)
    {
        var all = await db.WithConnectionAsync(connection => ReadAsync(connection,
            "plan_item_id IN (SELECT id FROM plan_items WHERE plan_id = @plan) AND year <= @year ORDER BY year DESC, id DESC",
            cancellationToken, ("@plan", planId), ("@year", year)), cancellationToken);
        return all.Where(r => orgUnitIds.Contains(r.OrgUnitId)).GroupBy(r => (r.ItemId, r.OrgUnitId)).ToDictionary(g => g.Key, g => g.First());
    }

    private static async Task<IReadOnlyList<ItemResult>> ReadAsync(DbConnection connection, string where, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, plan_item_id, org_unit_id, year, actual, outcome, note, department, attachment_name, actor, at FROM plan_item_results WHERE " + where;
        foreach (var (name, value) in parameters)
        {
            SchemaMigrator.AddParameter(command, name, value);
        }
        var results = new List<ItemResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int k) => reader.IsDBNull(k) ? null : Convert.ToString(reader.GetValue(k), CultureInfo.InvariantCulture);
            ItemOutcome? outcome = Text(5) is { } w && ItemOutcomes.TryParse(w, out var o) ? o : null;
            results.Add(new ItemResult(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture),
                reader.IsDBNull(4) ? null : Convert.ToDecimal(reader.GetValue(4), CultureInfo.InvariantCulture), outcome, reader.GetString(6), Text(7), Text(8),
                reader.GetString(9), DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture)));
        }
        return results;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Core.Model;

namespace Yardstick.Data.Values;

/// <summary>
/// What an audit entry's stored key (<c>live_births/150502/202611</c>, <c>1/150502</c>) names, in words: "活产数 · 科尔沁区 ·
/// 2026年11月", "考核申诉 · 科尔沁区 · 2026年 …". Names for a whole page are read in one batch (one query per kind of thing);
/// a key whose thing is unknown or deleted reads as stored. Only ever applied when showing: the stored key is what the
/// chain covers and what filters match.
/// </summary>
public static class AuditObjects
{
    /// <summary>Each entry's object in words, by (entity, key); an entry missing from the result reads as its stored key.</summary>
    public static async Task<IReadOnlyDictionary<(string Entity, string Key), string>> NamesAsync(YardstickDb db,
        IReadOnlyCollection<AuditLog.Entry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entries);
        var parsed = entries.Select(e => (e.Entity, e.Key, Parts: Parse(e.Entity, e.Key))).Where(e => e.Parts is not null).Distinct().ToList();
        if (parsed.Count == 0)
        {
            return new Dictionary<(string, string), string>();
        }
        string[] Codes(string kind) => [.. parsed.SelectMany(p => p.Parts!.Where(x => x.Kind == kind).Select(x => x.Code)).Distinct()];

        var units = await NamesAsync(db, "SELECT code, name FROM org_units WHERE code IN ({0})", Codes("unit"), cancellationToken);
        var elements = await NamesAsync(db, "SELECT code, name FROM data_elements WHERE code IN ({0})", Codes("element"), cancellationToken);
        var sets = await NamesAsync(db, "SELECT code, name FROM data_sets WHERE code IN ({0})", Codes("set"), cancellationToken);
        var plans = await NamesAsync(db, "SELECT code, name FROM plans WHERE code IN ({0})", Codes("plan"), cancellationToken);
        var indicators = await NamesAsync(db, "SELECT code, name FROM indicators WHERE code IN ({0})", Codes("indicator"), cancellationToken);
        var items = await NamesAsync(db, "SELECT CAST(id AS text), name FROM plan_items WHERE CAST(id AS text) IN ({0})", Codes("item"), cancellationToken);
        var tasks = await NamesAsync(db, "SELECT coalesce(p.code || '/', '') || t.no, t.no || ' ' || t.title FROM plan_tasks t LEFT JOIN plans p ON p.id = t.plan_id WHERE coalesce(p.code || '/', '') || t.no IN ({0})",
            Codes("task"), cancellationToken);
        var assessments = await NamesAsync(db, """
            SELECT CAST(a.id AS text), p.name || ' · ' || u.name || ' · ' || CAST(a.year AS text) || '年'
            FROM assessments a JOIN plans p ON p.id = a.plan_id JOIN org_units u ON u.id = a.org_unit_id WHERE CAST(a.id AS text) IN ({0})
            """, Codes("assessment"), cancellationToken);
        // An appeal's key is "assessment/appeal id" when it was answered and "assessment/unit code" when it was filed; a code
        // can be all digits and an id as long as a code, so the key is looked up both ways, each inside its own assessment.
        var appealsById = await NamesAsync(db, """
            SELECT CAST(a.assessment_id AS text) || '/' || CAST(a.id AS text), u.name
            FROM assessment_appeals a JOIN org_units u ON u.id = a.org_unit_id WHERE CAST(a.assessment_id AS text) IN ({0})
            """, Codes("assessment"), cancellationToken);
        var appealsByUnit = await NamesAsync(db, """
            SELECT DISTINCT CAST(a.assessment_id AS text) || '/' || u.code, u.name
            FROM assessment_appeals a JOIN org_units u ON u.id = a.org_unit_id WHERE CAST(a.assessment_id AS text) IN ({0})
            """, Codes("assessment"), cancellationToken);

        var combos = await ComboWordsAsync(db, Codes("combo"), cancellationToken);

        var names = new Dictionary<(string, string), string>();
        foreach (var (entity, key, parts) in parsed)
        {
            var words = new List<string>();
            foreach (var (kind, code) in parts!)
            {
                string? word = kind switch
                {
                    "unit" => units.GetValueOrDefault(code),
                    "element" => elements.GetValueOrDefault(code),
                    "set" => sets.GetValueOrDefault(code),
                    "plan" => plans.GetValueOrDefault(code),
                    "indicator" => indicators.GetValueOrDefault(code),
                    "item" => items.GetValueOrDefault(code),
                    "task" => tasks.GetValueOrDefault(code),
                    "assessment" => assessments.GetValueOrDefault(code) is { } a ? a + " 考核" : null,
                    "appeal" => (appealsById.GetValueOrDefault(code) ?? appealsByUnit.GetValueOrDefault(code)) is { } u ? u + " 的申诉" : null,
                    "period" => Period.TryParse(code, out var period) ? period.ToChinese() : null,
                    "year" => code + "年",
                    "combo" => combos.GetValueOrDefault(code),
                    _ => null,
                };
                if (word is null)
                {
                    words = null;
                    break;
                }
                words.Add(word);
            }
            if (words is not null)
            {
                names[(entity, key)] = string.Join(" · ", words);
            }
        }
        return names;
    }

    /// <summary>The things a key names, in order, as (kind, code); null for a key of an entity not named here.</summary>
    private static List<(string Kind, string Code)>? Parse(string entity, string key)
    {
        var slash = key.Split('/');
        return entity switch
        {
            "data_value" or "value_note" when slash is [var e, var u, var p] => [("element", e), ("unit", u), ("period", p)],
            // A value of an option combo: element/unit/period/combo (DataValueStore's key), the combo's options after the element.
            "data_value" or "value_note" when slash is [var e, var u, var p, var c] => [("element", e), ("combo", e + "/" + c), ("unit", u), ("period", p)],
            "data_set_report" when key.Split('|') is [var s, var u, var p] => [("set", s), ("unit", u), ("period", p)],
            "org_unit" or "org_unit_geometry" => [("unit", key)],
            "data_element" => [("element", key)],
            "data_set" => [("set", key)],
            "indicator" => [("indicator", key)],
            "plan" => [("plan", key)],
            "assessment" or "scoring_scheme" when slash is [var p, var u, var y] && IsYear(y) => [("plan", p), ("unit", u), ("year", y)],
            "assessment_appeal" when slash is [var a, var second] => [("assessment", a), ("appeal", a + "/" + second)],
            "plan_item_result" when slash is [var p, var i, var u, var y] && IsYear(y) => [("plan", p), ("item", i), ("unit", u), ("year", y)],
            _ when entity.StartsWith("task", StringComparison.Ordinal) && slash.Length == 2 => [("task", key)],
            // A task outside plans is keyed by its whole number (督办〔2026〕3号, 批示〔2026〕12号-1).
            _ when entity.StartsWith("task", StringComparison.Ordinal) && slash.Length == 1 => [("task", key)],
            _ => null,
        };
    }

    /// <summary>"element/combo" → the combo's options in words (女 · 0–4岁), for the elements named.</summary>
    private static async Task<Dictionary<string, string>> ComboWordsAsync(YardstickDb db, string[] keys, CancellationToken cancellationToken)
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return words;
        }
        var codes = keys.Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Distinct().ToList();
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, cancellationToken);
        var shapes = await db.ComboShapesAsync(cancellationToken);
        foreach (var key in keys)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (elements.GetValueOrDefault(key[..slash])?.CategoryComboId is { } c && shapes.TryGetValue(c, out var shape)
                && shape.ByCode(key[(slash + 1)..]) is { } combo)
            {
                words[key] = combo.Name;
            }
        }
        return words;
    }

    private static bool IsYear(string text) => text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>(code, name) rows of <paramref name="sql"/>, whose <c>{0}</c> takes the codes as parameters.</summary>
    private static async Task<Dictionary<string, string>> NamesAsync(YardstickDb db, string sql, string[] codes, CancellationToken cancellationToken)
    {
        if (codes.Length == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        return await db.WithConnectionAsync(async connection =>
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, string.Join(", ", codes.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture))));
            for (var i = 0; i < codes.Length; i++)
            {
                SchemaMigrator.AddParameter(command, "@p" + i.ToString(CultureInfo.InvariantCulture), codes[i]);
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names[reader.GetString(0)] = reader.GetString(1);
            }
            return names;
        }, cancellationToken);
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yardstick.Core.Documents;

/// <summary>
/// The JSON form of a <see cref="DocumentReading"/> that <c>yardstick read</c> prints and that expected results are
/// written in, and the precision/recall of one reading against an expected one, per item kind.
/// </summary>
public static class ReadingJson
{
    public static readonly IReadOnlyList<string> Kinds = ["indicators", "prose_targets", "tasks", "achievements", "annex"];

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToJson(DocumentReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new JsonObject
        {
            ["title"] = reading.Title,
            ["kind"] = reading.Kind,
            ["indicators"] = new JsonArray([.. reading.Indicators.Select(i => (JsonNode)new JsonObject
            {
                ["category"] = i.Category,
                ["name"] = i.Name,
                ["unit"] = i.Unit,
                ["baseline"] = new JsonObject { ["year"] = i.BaselineYear, ["value"] = i.BaselineValue },
                ["target"] = new JsonObject
                {
                    ["year"] = i.TargetYear,
                    ["comparator"] = i.Target?.Comparator,
                    ["value"] = i.Target?.Value is { } v ? JsonValue.Create(v) : JsonValue.Create(i.Target?.Text),
                },
                ["nature"] = i.Nature,
                ["no"] = i.No,
                ["annual_growth_pct"] = i.AnnualGrowth,
                ["actual"] = i.Actual is { } a ? new JsonObject { ["year"] = a.Year, ["value"] = a.Value } : null,
                ["previous_target"] = i.PreviousTarget is { } pt ? new JsonObject { ["year"] = pt.Year, ["value"] = pt.Value } : null,
                ["indicator_code"] = i.IndicatorCode,
                ["keep_only"] = i.KeepOnly ? true : null,
                ["source"] = i.Source,
            })]),
            ["prose_targets"] = new JsonArray([.. reading.ProseTargets.Select(Item)]),
            ["tasks"] = new JsonArray([.. reading.Tasks.Select(t => (JsonNode)new JsonObject
            {
                ["no"] = t.No,
                ["section"] = t.Section,
                ["title"] = t.Title,
                ["leads"] = new JsonArray([.. t.Leads.Select(l => (JsonNode)l)]),
                ["responsible"] = new JsonArray([.. t.Responsible.Select(r => (JsonNode)r)]),
                ["cooperating"] = new JsonArray([.. t.Cooperating.Select(r => (JsonNode)r)]),
                ["deadline"] = t.Deadline,
                ["source"] = t.Source,
            })]),
            ["achievements"] = new JsonArray([.. reading.Achievements.Select(Item)]),
            ["references"] = new JsonArray([.. reading.References.Select(r =>
            {
                var node = Item(r);
                node["reference"] = r.Reference;
                return node;
            })]),
            ["warnings"] = new JsonArray([.. reading.Warnings.Select(w => (JsonNode)w)]),
            ["annex"] = new JsonArray([.. reading.Annex.Select(a => (JsonNode)new JsonObject
            {
                ["category"] = a.Category,
                ["content"] = a.Content,
                ["target"] = a.Target,
                ["origin"] = a.Origin,
                ["lead"] = a.Lead,
                ["source"] = a.Source,
            })]),
        };
    }

    public static string Serialize(DocumentReading reading) => ToJson(reading).ToJsonString(Options);

    /// <summary>
    /// A reading back from its JSON, as a person reviewed and edited it (<c>yardstick read --format json</c>, edit,
    /// <c>yardstick import-plan FILE.json</c>). Missing lists are empty; a value that is not a number stays as text.
    /// </summary>
    public static DocumentReading FromJson(JsonNode json)
    {
        ArgumentNullException.ThrowIfNull(json);
        static string? S(JsonNode? n) => n is null ? null : n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();
        static int? I(JsonNode? n) => int.TryParse(S(n), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        static decimal? D(JsonNode? n) => decimal.TryParse(S(n), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        static IReadOnlyList<string> L(JsonNode? n) => (n as JsonArray ?? []).Select(S).OfType<string>().ToList();
        static IEnumerable<JsonNode> A(JsonNode? n) => (n as JsonArray ?? []).OfType<JsonNode>();
        static ProseItem P(JsonNode n) => new(S(n["name"]) ?? "", S(n["comparator"]) ?? "=", D(n["value"]), S(n["unit"]), I(n["year"]), S(n["indicator_code"]), (S(n["source"]) ?? S(n["quote"]) ?? ""))
        {
            Text = D(n["value"]) is null ? S(n["value"]) : null,
            KeepOnly = S(n["keep_only"]) == "true",
        };
        return new DocumentReading(
            S(json["title"]) ?? "",
            S(json["kind"]) ?? "plan",
            [.. A(json["indicators"]).Select(n => new PlanIndicator(S(n["category"]), S(n["name"]) ?? "", S(n["unit"]),
                I(n["baseline"]?["year"]), D(n["baseline"]?["value"]), I(n["target"]?["year"]),
                S(n["target"]?["comparator"]) is { } c ? new TargetText(c, D(n["target"]?["value"]), D(n["target"]?["value"]) is null ? S(n["target"]?["value"]) : null) : null,
                S(n["nature"]), S(n["indicator_code"]), (S(n["source"]) ?? S(n["quote"]) ?? ""))
            {
                No = S(n["no"]),
                AnnualGrowth = D(n["annual_growth_pct"]),
                Actual = D(n["actual"]?["value"]) is { } av ? (I(n["actual"]?["year"]), av) : null,
                PreviousTarget = D(n["previous_target"]?["value"]) is { } pv ? (I(n["previous_target"]?["year"]), pv) : null,
                KeepOnly = S(n["keep_only"]) == "true",
            })],
            [.. A(json["tasks"]).Select(n => new KeyTask(S(n["no"]) ?? "", S(n["section"]), S(n["title"]) ?? "", S(n["body"]) ?? "",
                L(n["leads"]), L(n["responsible"]), L(n["cooperating"]), (S(n["source"]) ?? S(n["quote"]) ?? "")) { Deadline = S(n["deadline"]) })],
            [.. A(json["prose_targets"]).Select(P)],
            [.. A(json["achievements"]).Select(P)])
        {
            Annex = [.. A(json["annex"]).Select(n => new AnnexTarget(S(n["category"]) ?? "", S(n["content"]) ?? "", S(n["target"]) ?? "",
                S(n["origin"]) ?? "", S(n["lead"]) ?? "", (S(n["source"]) ?? S(n["quote"]) ?? "")))],
            Warnings = L(json["warnings"]),
            References = [.. A(json["references"]).Select(n => P(n) with { Reference = S(n["reference"]) ?? "参照值" })],
        };
    }

    private static JsonNode Item(ProseItem p) => new JsonObject
    {
        ["name"] = p.Name,
        ["comparator"] = p.Comparator,
        ["value"] = p.Value is { } v ? JsonValue.Create(v) : JsonValue.Create(p.Text),
        ["unit"] = p.Unit,
        ["year"] = p.Year,
        ["indicator_code"] = p.IndicatorCode,
        ["keep_only"] = p.KeepOnly ? true : null,
        ["source"] = p.Source,
    };

    /// <summary>How well one kind of item was found: true positives, false positives, false negatives.</summary>
    /// <param name="Missed">Expected items nobody found, as "name value".</param>
    /// <param name="Extra">Found items nobody expected.</param>
    public sealed record Score(string Kind, int Found, int Expected, int Matched, IReadOnlyList<string> Missed, IReadOnlyList<string> Extra)
    {
        /// <summary>Every miss and false find with its cause and its quote (<see cref="Compare"/>), for error analysis.</summary>
        public IReadOnlyList<ReadingError> Errors { get; init; } = [];

        public double Precision => Found == 0 ? (Expected == 0 ? 1 : 0) : (double)Matched / Found;
        public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        /// <summary>Scores of several documents added up per kind (micro-averaged: every item counts once).</summary>
        public static IReadOnlyList<Score> Sum(IEnumerable<Score> scores) => [.. scores.GroupBy(s => s.Kind)
            .Select(g => new Score(g.Key, g.Sum(s => s.Found), g.Sum(s => s.Expected), g.Sum(s => s.Matched),
                [.. g.SelectMany(s => s.Missed)], [.. g.SelectMany(s => s.Extra)]) { Errors = [.. g.SelectMany(s => s.Errors)] })];
    }

    /// <summary>Why an item was missed or found falsely, in the words the scorer prints.</summary>
    public enum ErrorCause
    {
        /// <summary>The item was read under the same name with another value, unit or comparator.</summary>
        WrongValue,
        /// <summary>The value was read, from the same words, under a name that does not say the same thing.</summary>
        WrongName,
        /// <summary>A target read as an achievement, or the other way round.</summary>
        WrongKind,
        /// <summary>A task read with its number but other units.</summary>
        WrongUnits,
        /// <summary>Nothing was read from the words the item stands in.</summary>
        NotRead,
        /// <summary>A find no careful reader lists.</summary>
        NotAnItem,
    }

    /// <summary>One miss (<paramref name="Missed"/>) or false find, its cause, the item as "name key" and the words it quotes.</summary>
    public sealed record ReadingError(ErrorCause Cause, bool Missed, string Item, string Quote);

    /// <summary>The cause as the scorer prints it.</summary>
    public static string Describe(ErrorCause cause) => cause switch
    {
        ErrorCause.WrongValue => "名称对上, 数值、单位或比较词不同",
        ErrorCause.WrongName => "数值对上, 名称不同",
        ErrorCause.WrongKind => "目标与完成情况读混",
        ErrorCause.WrongUnits => "编号对上, 牵头或责任单位不同",
        ErrorCause.NotRead => "所在文字没有读出任何条目",
        ErrorCause.NotAnItem => "不是应读的条目",
        _ => throw new System.Diagnostics.UnreachableException(cause.ToString()),
    };

    /// <summary>
    /// Scores <paramref name="actual"/> against <paramref name="expected"/> for each kind the expected JSON lists.
    /// Indicators and prose targets match on comparator and value, achievements on value, each with a name that says
    /// the same thing:
    /// equal, one inside the other, or sharing most character pairs ("家庭医生签约服务率" for "签约服务率") — people
    /// name a figure in more than one right way. Tasks match on number, leads and responsible units (in any order).
    /// Each expected item matches at most once.
    /// </summary>
    public static IReadOnlyList<Score> Compare(JsonNode expected, JsonNode actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var scores = new List<Score>();
        foreach (var kind in Kinds)
        {
            if (expected[kind] is not JsonArray wanted)
            {
                continue;
            }
            var found = actual[kind] as JsonArray ?? [];
            var open = wanted.Select(n => (Key: Key(kind, n), Name: Text(n?["name"]), Node: n)).ToList();
            var extra = new List<(string Key, string Name, JsonNode? Node)>();
            foreach (var item in found)
            {
                var key = Key(kind, item);
                var name = Text(item?["name"]);
                var at = open.FindIndex(w => w.Key == key && (kind is "tasks" or "annex" || SameName(w.Name, name)));
                if (at >= 0)
                {
                    open.RemoveAt(at);
                }
                else
                {
                    extra.Add((key, name, item));
                }
            }
            var misses = open.Select(w => (w.Key, w.Name, w.Node)).ToList();
            scores.Add(new Score(kind, found.Count, wanted.Count, found.Count - extra.Count, [.. open.Select(w => $"{w.Name} {w.Key}")],
                [.. extra.Select(e => $"{e.Name} {e.Key}")])
            {
                Errors = Diagnose(kind, misses, extra, expected, actual),
            });
        }
        return scores;
    }

    /// <summary>
    /// The cause of each miss and false find: a miss and a false find from the same words are one error of value or name;
    /// a find the truth lists under the other kind (target for achievement) is a confusion of kinds; what is left is a miss
    /// nothing was read for, or a find nobody lists.
    /// </summary>
    private static List<ReadingError> Diagnose(string kind, List<(string Key, string Name, JsonNode? Node)> missed,
        List<(string Key, string Name, JsonNode? Node)> extra, JsonNode expected, JsonNode actual)
    {
        var errors = new List<ReadingError>();
        var pairedExtra = new HashSet<int>();
        var other = kind switch { "prose_targets" => "achievements", "achievements" => "prose_targets", _ => null };
        string Quote(JsonNode? n) => Text(n?["quote"]) is { Length: > 0 } q ? q : Text(n?["source"]);
        string No(JsonNode? n) => TaskNumber(Text(n?["no"]));
        foreach (var m in missed)
        {
            var quote = Quote(m.Node);
            var at = -1;
            for (var k = 0; k < extra.Count && at < 0; k++)
            {
                var e = extra[k];
                var same = kind is "tasks" or "annex" ? No(e.Node) == No(m.Node) : SameName(m.Name, e.Name) || e.Key == m.Key;
                at = !pairedExtra.Contains(k) && same && SameWords(quote, Quote(e.Node)) ? k : -1;
            }
            if (at >= 0)
            {
                pairedExtra.Add(at);
                var e = extra[at];
                var cause = kind is "tasks" or "annex" ? ErrorCause.WrongUnits : SameName(m.Name, e.Name) ? ErrorCause.WrongValue : ErrorCause.WrongName;
                errors.Add(new ReadingError(cause, true, $"应为 {m.Name} {m.Key}, 读作 {e.Name} {e.Key}", quote));
                continue;
            }
            var elsewhere = other is not null && (actual[other] as JsonArray ?? []).Any(n => SameWords(quote, Quote(n)) && Key(other, n).EndsWith(m.Key.Split('|')[^1], StringComparison.Ordinal));
            errors.Add(new ReadingError(elsewhere ? ErrorCause.WrongKind : ErrorCause.NotRead, true, $"{m.Name} {m.Key}", quote));
        }
        for (var k = 0; k < extra.Count; k++)
        {
            if (pairedExtra.Contains(k))
            {
                continue;
            }
            var e = extra[k];
            var quote = Quote(e.Node);
            var elsewhere = other is not null && (expected[other] as JsonArray ?? []).Any(n => SameWords(quote, Quote(n)) && e.Key.EndsWith(Key(other, n).Split('|')[^1], StringComparison.Ordinal));
            errors.Add(new ReadingError(elsewhere ? ErrorCause.WrongKind : ErrorCause.NotAnItem, false, $"{e.Name} {e.Key}", quote));
        }
        return errors;
    }

    // Two quotes of the same words: one holds the other, or they share a run of six characters.
    private static bool SameWords(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }
        if (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal))
        {
            return true;
        }
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        const int Run = 6;
        for (var k = 0; k + Run <= shorter.Length; k++)
        {
            if (longer.Contains(shorter.AsSpan(k, Run), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static string Key(string kind, JsonNode? item) => kind switch
    {
        "indicators" => $"{SameComparator(Text(item?["target"]?["comparator"]))}|{Number(item?["target"]?["value"], Text(item?["unit"]))}",
        "tasks" => $"{TaskNumber(Text(item?["no"]))}|{Units(item?["leads"])}|{Units(item?["responsible"])}",
        "achievements" => Number(item?["value"], Text(item?["unit"])),
        "annex" => $"{Text(item?["target"])}|{Text(item?["origin"])}|{Text(item?["lead"])}",
        _ => $"{SameComparator(Text(item?["comparator"]))}|{Number(item?["value"], Text(item?["unit"]))}",
    };

    // Two vocabularies name the same relative changes: the reader's (and the core's) reduce_pct, and the reading
    // corpus's reduce_by_pct. Scoring treats them as one word.
    private static string SameComparator(string word) => word switch
    {
        "reduce_by_pct" => "reduce_pct",
        "increase_by_pct" => "increase_pct",
        "reduce_by_pp" => "reduce_pp",
        "increase_by_pp" => "increase_pp",
        _ => word,
    };

    // "(四)", "四、", "4." and "（4）" all number the same task.
    private static string TaskNumber(string no) => new([.. no.Where(char.IsLetterOrDigit)]);

    private static string Units(JsonNode? list) => string.Join('、', (list as JsonArray ?? []).Select(Text).Order(StringComparer.Ordinal));

    private static bool SameName(string a, string b) =>
        a.Length > 0 && b.Length > 0 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal) || IndicatorCatalogue.Similarity(a, b) >= 0.5);

    private static string Text(JsonNode? node) => node is null ? "" : node.GetValueKind() == JsonValueKind.String
        ? Yardstick.Core.Text.InputText.Normalize(node.GetValue<string>()).Replace(" ", "", StringComparison.Ordinal)
        : node.ToJsonString();

    // 8, 8.0 and "8" are the same value; so are 42.5 万人次 and 425000 人次 (the reader multiplies 万, a person may not).
    private static string Number(JsonNode? node, string unit = "")
    {
        var text = node is null ? "" : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return Text(node);
        }
        d *= unit.StartsWith("亿", StringComparison.Ordinal) ? 100_000_000m : unit.StartsWith('万') ? 10_000m : 1m;
        return Indicators.Rounding.Plain(d);
    }
}

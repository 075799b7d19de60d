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
                ["indicator_code"] = i.IndicatorCode,
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
                ["source"] = t.Source,
            })]),
            ["achievements"] = new JsonArray([.. reading.Achievements.Select(Item)]),
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

    private static JsonNode Item(ProseItem p) => new JsonObject
    {
        ["name"] = p.Name,
        ["comparator"] = p.Comparator,
        ["value"] = p.Value,
        ["unit"] = p.Unit,
        ["year"] = p.Year,
        ["indicator_code"] = p.IndicatorCode,
        ["source"] = p.Source,
    };

    /// <summary>How well one kind of item was found: true positives, false positives, false negatives.</summary>
    /// <param name="Missed">Expected items nobody found, as "name value".</param>
    /// <param name="Extra">Found items nobody expected.</param>
    public sealed record Score(string Kind, int Found, int Expected, int Matched, IReadOnlyList<string> Missed, IReadOnlyList<string> Extra)
    {
        public double Precision => Found == 0 ? (Expected == 0 ? 1 : 0) : (double)Matched / Found;
        public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;
    }

    /// <summary>
    /// Scores <paramref name="actual"/> against <paramref name="expected"/> for each kind the expected JSON lists.
    /// Indicators match on name, comparator and target value; tasks on number, leads and responsible units. Prose
    /// targets match on comparator and value and achievements on value, each with a name that says the same thing:
    /// equal, one inside the other, or sharing most character pairs ("家庭医生签约服务率" for "签约服务率") — people
    /// name a prose figure in more than one right way. Each expected item matches at most once.
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
            var open = wanted.Select(n => (Key: Key(kind, n), Name: Text(n?["name"]))).ToList();
            var extra = new List<string>();
            foreach (var item in found)
            {
                var key = Key(kind, item);
                var name = Text(item?["name"]);
                var at = open.FindIndex(w => w.Key == key && (kind is "indicators" or "tasks" or "annex" || SameName(w.Name, name)));
                if (at >= 0)
                {
                    open.RemoveAt(at);
                }
                else
                {
                    extra.Add($"{name} {key}");
                }
            }
            scores.Add(new Score(kind, found.Count, wanted.Count, found.Count - extra.Count, [.. open.Select(w => $"{w.Name} {w.Key}")], extra));
        }
        return scores;
    }

    private static string Key(string kind, JsonNode? item) => kind switch
    {
        "indicators" => $"{Text(item?["name"])}|{Text(item?["target"]?["comparator"])}|{Number(item?["target"]?["value"])}",
        "tasks" => $"{Text(item?["no"])}|{string.Join('、', (item?["leads"] as JsonArray ?? []).Select(Text))}|{string.Join('、', (item?["responsible"] as JsonArray ?? []).Select(Text))}",
        "achievements" => Number(item?["value"]),
        "annex" => $"{Text(item?["target"])}|{Text(item?["origin"])}|{Text(item?["lead"])}",
        _ => $"{Text(item?["comparator"])}|{Number(item?["value"])}",
    };

    private static bool SameName(string a, string b) =>
        a.Length > 0 && b.Length > 0 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal) || IndicatorCatalogue.Similarity(a, b) >= 0.5);

    private static string Text(JsonNode? node) => node is null ? "" : node.GetValueKind() == JsonValueKind.String
        ? Yardstick.Core.Text.InputText.Normalize(node.GetValue<string>()).Replace(" ", "", StringComparison.Ordinal)
        : node.ToJsonString();

    // 8, 8.0 and "8" are the same value.
    private static string Number(JsonNode? node)
    {
        var text = node is null ? "" : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? Indicators.Rounding.Plain(d)
            : Text(node);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>A target or an achievement stated in running text, with the exact source span.</summary>
public sealed record ProseItem(string Name, string Comparator, decimal? Value, string? Unit, int? Year, string? IndicatorCode, string Source);

/// <summary>
/// Finds figures in prose: <c>签约服务率90%以上</c>, <c>剖宫产率控制在42%以内</c>, <c>每千人口床位数达到8张</c>, the distributive
/// <c>A、B、C分别控制在a、b、c以下</c>, the shared-subject <c>…患者检出率4.8‰、管理率80%、治疗率60%以上</c>, counts
/// (<c>完成2000人次的筛查任务</c>, <c>新增护理型床位50张</c>) and <c>万</c> multiples. A figure with a target word (以上, 以内,
/// 不低于, 控制在, 达到, 力争…) is a target; in a summary, a bare figure is an achievement. The qualifier at the end of a
/// list applies to every item of it (glossary §3.5).
/// </summary>
public static partial class ProseTargetReader
{
    public static (IReadOnlyList<ProseItem> Targets, IReadOnlyList<ProseItem> Achievements) Read(
        DocumentText document, IndicatorCatalogue catalogue, bool isSummary, int? documentYear)
    {
        ArgumentNullException.ThrowIfNull(document);
        var targets = new List<ProseItem>();
        var achievements = new List<ProseItem>();
        var text = document.Text;
        foreach (Match clause in ClausePattern().Matches(text))
        {
            if (clause.Value.Contains('|', StringComparison.Ordinal))
            {
                continue;
            }
            var year = YearPattern().Match(clause.Value) is { Success: true } y ? int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture) : documentYear;
            // A distributive clause pairs its names and values itself; reading its figures one by one would repeat them.
            var distributive = DistributivePattern().Match(clause.Value);
            var items = distributive.Success
                ? Distributive(clause, distributive, document, catalogue, year)
                : Figures(clause, document, catalogue, year, isSummary);
            foreach (var item in items)
            {
                if (item.Comparator != "=")
                {
                    targets.Add(item);
                }
                else if (isSummary)
                {
                    achievements.Add(item);
                }
                else
                {
                    // In a plan or work points a bare figure is a level to reach: "项目完工率100%".
                    targets.Add(item with { Comparator = ">=" });
                }
            }
        }
        return (targets, achievements);
    }

    /// <summary>"孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别控制在22/10万、6‰、9‰以下".</summary>
    private static IEnumerable<ProseItem> Distributive(Match clause, Match m, DocumentText document, IndicatorCatalogue catalogue, int? year)
    {
        var names = m.Groups["names"].Value.Split(['、', '和', '及'], StringSplitOptions.RemoveEmptyEntries);
        var values = m.Groups["values"].Captures.Select(c => c.Value).ToList();
        if (names.Length != values.Count)
        {
            yield break;
        }
        var comparator = ComparatorOf(m.Groups["verb"].Value, m.Groups["qual"].Value, "");
        var source = document.SourceOf(clause.Index + m.Index, m.Length);
        for (var k = 0; k < names.Length; k++)
        {
            var (value, unit) = ValueAndUnit(values[k]);
            var name = LastNoun(names[k]);
            yield return new ProseItem(name, comparator, value, unit, year, catalogue.Match(name), source);
        }
    }

    /// <summary>Single figures, and lists of them sharing a subject and a closing qualifier.</summary>
    private static IEnumerable<ProseItem> Figures(Match clause, DocumentText document, IndicatorCatalogue catalogue, int? year, bool isSummary)
    {
        var figures = FigurePattern().Matches(clause.Value).ToList();
        string? subject = null;
        for (var k = 0; k < figures.Count; k++)
        {
            var f = figures[k];
            var name = LastNoun(f.Groups["name"].Value);
            if (name.Length < 2)
            {
                continue;
            }
            // "严重精神障碍患者检出率4.8‰、管理率80%": later short names borrow the first one's subject.
            var rateWord = RateWord().Match(name);
            if (k > 0 && subject is not null && f.Index > 0 && clause.Value[f.Index - 1] == '、' && name.Length <= 4)
            {
                name = subject + name;
            }
            else if (rateWord.Success && rateWord.Index > 0)
            {
                subject = name[..rateWord.Index];
            }
            var qualifier = f.Groups["qual"].Value;
            var listEnd = k;
            while (qualifier.Length == 0 && listEnd + 1 < figures.Count && clause.Value[figures[listEnd].Index + figures[listEnd].Length] == '、')
            {
                listEnd++;
                qualifier = figures[listEnd].Groups["qual"].Value;
            }
            var verb = f.Groups["verb"].Value;
            // In a summary "参合率达98.2%" reports what was reached; only qualifiers (以上, 以内) make it a target there.
            var comparator = isSummary && qualifier.Length == 0 && verb is "达" or "达到" or "为" ? "=" : ComparatorOf(verb, qualifier, clause.Value);
            var (value, unit) = ValueAndUnit(f.Groups["value"].Value + f.Groups["wan"].Value + f.Groups["unit"].Value);
            yield return new ProseItem(name, comparator, value, unit, year, catalogue.Match(name), document.SourceOf(clause.Index + f.Index, f.Length));
        }
        foreach (var c in CountPattern().Matches(clause.Value).Concat(CountAfterObjectPattern().Matches(clause.Value)))
        {
            var (value, unit) = ValueAndUnit(c.Groups["value"].Value + c.Groups["wan"].Value + c.Groups["unit"].Value);
            var name = c.Groups["object"].Value.Length > 0 ? c.Groups["object"].Value : c.Groups["verb"].Value;
            var planned = !isSummary && c.Groups["verb"].Value is "完成" or "新增" or "建成" or "培训" or "创建";
            yield return new ProseItem(name.Trim(), planned ? ">=" : "=", value, unit, year,
                catalogue.Match(name), document.SourceOf(clause.Index + c.Index, c.Length));
        }
    }

    private static string ComparatorOf(string verb, string qualifier, string clause) => (verb, qualifier) switch
    {
        (_, "以上") or ("不低于" or "不少于" or "提高到" or "提升至" or "提升到" or "增加到" or "达到" or "达", _) => ">=",
        (_, "以下" or "以内") or ("控制在" or "不高于" or "不超过", _) => "<=",
        ("超过" or "高于", _) => ">",
        ("低于", _) => "<",
        (_, "左右") => "approx",
        ("保持在" or "稳定在", _) => ">=",
        _ when clause.Contains("力争", StringComparison.Ordinal) || clause.Contains("确保", StringComparison.Ordinal) => ">=",
        _ => "=",
    };

    private static (decimal? Value, string? Unit) ValueAndUnit(string text)
    {
        var m = ValuePattern().Match(text);
        if (!m.Success)
        {
            return (null, null);
        }
        var value = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        if (m.Groups["wan"].Success && m.Groups["wan"].Value.Length > 0)
        {
            value *= m.Groups["wan"].Value == "亿" ? 100_000_000 : 10_000;
        }
        return (Indicators.Rounding.WithoutTrailingZeros(value), unit.Length == 0 ? null : unit);
    }

    /// <summary>The indicator name at the end of a phrase: drops what comes before the last comma and leading scope words (全市, 2025年, 确保).</summary>
    private static string LastNoun(string phrase)
    {
        var s = phrase.Trim();
        var cut = s.LastIndexOfAny([',', ',', ':', ':', '。', ';', '“', '”']);
        if (cut >= 0)
        {
            s = s[(cut + 1)..];
        }
        s = LeadingWords().Replace(s, "");
        return s.Trim();
    }

    // Sentences and clauses: split on 。;; and line breaks, keeping commas inside (a list may span them).
    [GeneratedRegex(@"[^。;;\n]+")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})年(?!\d)")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"(?<names>[\p{IsCJKUnifiedIdeographs}\w()]{2,20}(?:、[\p{IsCJKUnifiedIdeographs}\w()]{2,20})+)分别(?<verb>控制在|达到|提高到|降低到|保持在|下降到|为)?(?<values>\d+(?:\.\d+)?(?:%|‰|/10万|岁|张|人)?)(?:、(?<values>\d+(?:\.\d+)?(?:%|‰|/10万|岁|张|人)?))+(?<qual>以上|以下|以内|左右)?")]
    private static partial Regex DistributivePattern();

    [GeneratedRegex(@"(?<name>[\p{IsCJKUnifiedIdeographs}()\d]{2,30}?(?:率|数|比例|比重|水平|寿命|覆盖面|人数))(?<verb>达到|提高到|提升至|提升到|增加到|控制在|保持在|稳定在|不低于|不少于|不高于|不超过|超过|高于|低于|达|为)?(?<value>\d+(?:\.\d+)?)(?<wan>万|亿)?(?<unit>%|‰|/10万|张|人|岁|个|家|所|元|人次|例|台|名)?(?<qual>以上|以下|以内|左右)?")]
    private static partial Regex FigurePattern();

    [GeneratedRegex(@"(?<verb>完成|新增|建成|创建|培训|累计接种|接种)(?<value>\d+(?:\.\d+)?)(?<wan>万|亿)?(?<unit>人次|剂次|张|人|个|家|所|台|例|名|份)(?:的)?(?<object>[\p{IsCJKUnifiedIdeographs}]{0,10}?(?:任务|工作室|工作|床位|手术治疗|培训))?")]
    private static partial Regex CountPattern();

    // "新增护理型床位50张", "完成白内障手术治疗44例": the object comes before the number.
    [GeneratedRegex(@"(?<verb>完成|新增|建成|创建|培训)(?<object>[\p{IsCJKUnifiedIdeographs}]{2,12}?)(?<value>\d+(?:\.\d+)?)(?<wan>万|亿)?(?<unit>人次|剂次|张|人|个|家|所|台|例|名|份)")]
    private static partial Regex CountAfterObjectPattern();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)(?<wan>万|亿)?(?<unit>.*)$")]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"(检出率|管理率|治疗率|服药率|随访率|覆盖率|接种率|签约率|完工率|投用率|开工率|报告率|响应率|处置率|死亡率|发病率)$")]
    private static partial Regex RateWord();

    [GeneratedRegex(@"^(?:并|且|使|将|把|全年|全市|全区|全县|到\d{4}年(?:底)?|\d{4}年(?:底)?|今年|确保|力争|其中|实现|推进|提升|提高)+")]
    private static partial Regex LeadingWords();
}

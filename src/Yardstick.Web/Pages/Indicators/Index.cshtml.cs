using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Indicators;

/// <summary>
/// The indicator catalogue as a planning officer looks for one: name, how it is computed (in element names), which way is
/// better, and its value for the user's unit in the latest year; each opens its page. Searchable by name.
/// </summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    public sealed record Row(Indicator Indicator, string Method, IndicatorValue Value);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public OrgUnit? Unit { get; private set; }
    public int Year { get; private set; }
    public string? Query { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Unit = await me.FiguresRootAsync(ct);
        Year = year ?? Screens.DefaultYear(live, time, Unit);
        Query = q?.Trim();
        var names = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Name, StringComparer.Ordinal, ct);
        var indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.Id).ToListAsync(ct);
        var shown = indicators
            .Where(i => string.IsNullOrEmpty(Query) || i.Name.Contains(Query, StringComparison.Ordinal) || i.Code.Contains(Query, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var unit = Unit;
        var values = unit is null ? [.. shown.Select(_ => default(IndicatorValue))]
            : live.Read(engine => shown.Select(i => engine.Evaluate(i, unit.Id, Period.OfYear(Year))).ToList());
        Rows = [.. shown.Select((i, k) => new Row(i, Method(i, c => names.GetValueOrDefault(c, c)), values[k]))];
        return Page();
    }

    /// <summary>"婴儿死亡数 ÷ 活产数 × 1000"; a measure without denominator is its numerator.</summary>
    private static string Method(Indicator indicator, Func<string, string> nameOf)
    {
        var numerator = indicator.NumeratorFormula.Written(nameOf);
        if (indicator.DenominatorFormula is not { } denominator)
        {
            return indicator.Factor == 1 ? numerator : $"{numerator} × {Screens.Plain(indicator.Factor)}";
        }
        var below = denominator.Written(nameOf);
        var text = $"{(indicator.NumeratorFormula is Formula.Binary ? $"({numerator})" : numerator)} ÷ {(denominator is Formula.Binary ? $"({below})" : below)}";
        return indicator.Factor == 1 ? text : $"{text} × {Screens.Plain(indicator.Factor)}";
    }
}

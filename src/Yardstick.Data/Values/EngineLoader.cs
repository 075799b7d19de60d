using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;

namespace Yardstick.Data.Values;

/// <summary>Builds an <see cref="IndicatorEngine"/> from the store: the whole org-unit tree and the values the indicators read.</summary>
public static class EngineLoader
{
    /// <summary>
    /// An engine built for each question from the store: for one-shot commands (the CLI), where a live engine's start-up
    /// would cost more than the question. Long-running hosts use <see cref="LiveEngine"/>.
    /// </summary>
    public static readonly IEngineSource OneShot = new OneShotSource();

    private sealed class OneShotSource : IEngineSource
    {
        public async Task<T> ReadAsync<T>(YardstickDb db, IReadOnlyCollection<Indicator> indicators, int firstYear, int lastYear,
            Func<IndicatorEngine, T> read, CancellationToken cancellationToken = default) =>
            read(await BuildAsync(db, indicators, firstYear, lastYear, cancellationToken));
    }

    public static async Task<IndicatorEngine> BuildAsync(YardstickDb db, IReadOnlyCollection<Indicator> indicators,
        int firstYear, int lastYear, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        // A reference may name an element's option after its code (#{births.female}): every prefix before a '.' may be the element.
        var codes = indicators.SelectMany(i => i.DataElementCodes)
            .SelectMany(c => c.Select((ch, i) => ch == '.' ? c[..i] : null).OfType<string>().Append(c))
            .ToHashSet(StringComparer.Ordinal);
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToListAsync(cancellationToken);
        var engine = new IndicatorEngine(units, elements, firstYear, lastYear, await db.ComboShapesAsync(cancellationToken));
        engine.UseDataSets(await db.DataSets.AsNoTracking().ToListAsync(cancellationToken));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            engine.Load(DataValueStore.Read(db, elements.Select(e => e.Id).ToList(), firstYear, lastYear));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return engine;
    }
}

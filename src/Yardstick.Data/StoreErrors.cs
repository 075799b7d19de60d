using Microsoft.Data.Sqlite;
using Npgsql;

namespace Yardstick.Data;

/// <summary>
/// What a store failure means to the person waiting, for both stores in one place: the writers' lock was not free within
/// the bounded wait (busy: try again shortly), or another writer committed the same key first (conflict: say so).
/// </summary>
public static class StoreErrors
{
    /// <summary>SQLite's busy or locked after its busy timeout; PostgreSQL's lock_timeout (55P03).</summary>
    public static bool IsBusy(Exception? exception) => Chain(exception).Any(e =>
        e is SqliteException { SqliteErrorCode: 5 or 6 } || e is PostgresException { SqlState: "55P03" });

    /// <summary>A unique key taken by a concurrent writer (SQLite constraint 2067/1555, PostgreSQL 23505).</summary>
    public static bool IsConflict(Exception? exception) => Chain(exception).Any(e =>
        e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } || e is PostgresException { SqlState: "23505" });

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}

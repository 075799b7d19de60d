using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Yardstick.Data;

/// <summary>Where the data live: a SQLite file path, or a PostgreSQL connection string.</summary>
public sealed record DatabaseLocation(string? SqlitePath, string? PostgresConnection)
{
    public const string DefaultSqlitePath = "yardstick.db";

    public static DatabaseLocation Sqlite(string path) => new(path, null);
    public static DatabaseLocation Postgres(string connection) => new(null, connection);

    /// <summary>
    /// How long a statement waits for a lock another writer holds before it fails as busy (<see cref="StoreErrors.IsBusy"/>,
    /// which the web app answers with 503 系统繁忙): SQLite's busy timeout, PostgreSQL's lock_timeout. Bulk statements
    /// that set no time-out of their own wait as long as they must.
    /// </summary>
    public int WriterWaitSeconds { get; init; } = 30;

    /// <summary>
    /// Whether SQLite connections are kept open between uses (the web app, a long-lived process). Unpooled, every query opens
    /// the file and parses the whole schema again before its first statement: at a city's size that was two thirds of the
    /// CPU of a read request (docs/PERFORMANCE.md). A one-shot process (the CLI) gains nothing, so it is off by default.
    /// </summary>
    public bool PoolSqliteConnections { get; init; }

    /// <summary>
    /// Opens a context on this location. The schema is not touched; call <see cref="SchemaMigrator"/>. Interceptors see its
    /// commits (the web app's <see cref="Values.LiveEngine.CommitFollower"/>).
    /// </summary>
    public YardstickDb Open(params IInterceptor[] interceptors)
    {
        if (PostgresConnection is { } pg)
        {
            var options = new DbContextOptionsBuilder<PostgresYardstickDb>().UseNpgsql(PostgresWithWaits(pg)).AddInterceptors(interceptors).Options;
            return new PostgresYardstickDb(options);
        }
        var sqlite = new DbContextOptionsBuilder<SqliteYardstickDb>().UseSqlite(SqliteConnectionString()).AddInterceptors(interceptors).Options;
        return new SqliteYardstickDb(sqlite);
    }

    /// <summary>Points another context (the web app's access tables) at this same database.</summary>
    public DbContextOptionsBuilder UseFor(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return PostgresConnection is { } pg
            ? builder.UseNpgsql(PostgresWithWaits(pg))
            : builder.UseSqlite(SqliteConnectionString());
    }

    private string SqliteConnectionString() =>
        new SqliteConnectionStringBuilder { DataSource = SqlitePath ?? DefaultSqlitePath, Pooling = PoolSqliteConnections, DefaultTimeout = WriterWaitSeconds }.ToString();

    /// <summary>
    /// The connection string with a bounded lock wait, and TCP keepalives so that the server notices a client that died
    /// mid-transaction within ~25 s and releases its locks (the writers' advisory lock is transaction-scoped).
    /// </summary>
    private string PostgresWithWaits(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        builder.Options = $"{builder.Options} -c lock_timeout={WriterWaitSeconds * 1000} -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3".Trim();
        // The server's lock wait must run out before the client's command timeout (Npgsql's default is also 30 s): then a
        // writer that waited too long is PostgreSQL's 55P03, answered 503 busy, not a client timeout answered 500.
        builder.CommandTimeout = Math.Max(builder.CommandTimeout, WriterWaitSeconds + 30);
        return builder.ToString();
    }

    public override string ToString() => PostgresConnection is not null ? "PostgreSQL" : $"SQLite {SqlitePath ?? DefaultSqlitePath}";
}

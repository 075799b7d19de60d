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
    /// Opens a context on this location. The schema is not touched; call <see cref="SchemaMigrator"/>. Interceptors see its
    /// commits (the web app's <see cref="Values.LiveEngine.CommitFollower"/>).
    /// </summary>
    public YardstickDb Open(params IInterceptor[] interceptors)
    {
        if (PostgresConnection is { } pg)
        {
            var options = new DbContextOptionsBuilder<PostgresYardstickDb>().UseNpgsql(pg).AddInterceptors(interceptors).Options;
            return new PostgresYardstickDb(options);
        }
        var builder = new SqliteConnectionStringBuilder { DataSource = SqlitePath ?? DefaultSqlitePath, Pooling = false };
        var sqlite = new DbContextOptionsBuilder<SqliteYardstickDb>().UseSqlite(builder.ToString()).AddInterceptors(interceptors).Options;
        return new SqliteYardstickDb(sqlite);
    }

    /// <summary>Points another context (the web app's access tables) at this same database.</summary>
    public DbContextOptionsBuilder UseFor(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return PostgresConnection is { } pg
            ? builder.UseNpgsql(pg)
            : builder.UseSqlite(new SqliteConnectionStringBuilder { DataSource = SqlitePath ?? DefaultSqlitePath, Pooling = false }.ToString());
    }

    public override string ToString() => PostgresConnection is not null ? "PostgreSQL" : $"SQLite {SqlitePath ?? DefaultSqlitePath}";
}

using Microsoft.Extensions.Time.Testing;
using Yardstick.Data.Interchange;

namespace Yardstick.Data.Tests;

/// <summary>
/// A data test on throwaway stores, the same on SQLite and on PostgreSQL: a temporary folder for the files it writes (and
/// the SQLite databases), a fake clock, new migrated stores and imports as "tester". The test class says its clock; each
/// store's class only says where stores come from —
/// <c>SqliteXTests() : XTests(StoreTest.Sqlite)</c>, <c>PostgresXTests(PostgresFixture server) : XTests(StoreTest.Postgres(server))</c>.
/// </summary>
public abstract class StoreTest(Func<string, Task<DatabaseLocation>> newLocation, DateTimeOffset now) : IAsyncLifetime
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("yardstick-data-").FullName;

    protected FakeTimeProvider Time { get; } = new(now);

    /// <summary>A new SQLite file in the test's folder.</summary>
    public static Task<DatabaseLocation> Sqlite(string folder) =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(folder, Guid.NewGuid().ToString("N")[..8] + ".db")));

    /// <summary>A new database on the run's PostgreSQL server.</summary>
    public static Func<string, Task<DatabaseLocation>> Postgres(PostgresFixture server) =>
        async _ => DatabaseLocation.Postgres(await server.NewDatabaseAsync());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        // SQLite's pooled connections let go of the test's database files before the folder goes.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A new, empty store, not yet migrated.</summary>
    protected Task<DatabaseLocation> NewLocationAsync() => newLocation(Folder);

    /// <summary>A new store brought to the current schema, open.</summary>
    protected async Task<YardstickDb> NewDbAsync()
    {
        var db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db);
        return db;
    }

    /// <summary>Writes <paramref name="content"/> to the file <paramref name="name"/> in the test's folder and gives its path.</summary>
    protected string File(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Imports the files as "tester" at the test's clock, the change tracker cleared first as a new request's would be.</summary>
    protected async Task<ImportResult> ImportAsync(YardstickDb db, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.ChangeTracker.Clear();
        return await new Importer(db, Time).ImportAsync(paths, "tester");
    }

    /// <summary>Imports the files as <see cref="ImportAsync"/> does; they must import without an error.</summary>
    protected async Task ImportCleanAsync(YardstickDb db, params string[] paths)
    {
        var result = await ImportAsync(db, paths);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Data;

/// <summary>
/// The store. Metadata (org units, data elements, indicators, plans, targets) goes through EF Core;
/// data values, which come by the million, go through <see cref="Values.DataValueStore"/> on the same
/// connection. The schema comes from versioned SQL scripts (<see cref="SchemaMigrator"/>), one set per provider.
/// </summary>
public abstract class YardstickDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<OrgUnitGroupSet> OrgUnitGroupSets => Set<OrgUnitGroupSet>();
    public DbSet<OrgUnitGroup> OrgUnitGroups => Set<OrgUnitGroup>();
    public DbSet<OrgUnitGroupMember> OrgUnitGroupMembers => Set<OrgUnitGroupMember>();
    public DbSet<DataElement> DataElements => Set<DataElement>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<CategoryCombo> CategoryCombos => Set<CategoryCombo>();
    public DbSet<CategoryOptionCombo> CategoryOptionCombos => Set<CategoryOptionCombo>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<Core.Reporting.DataSet> DataSets => Set<Core.Reporting.DataSet>();
    public DbSet<Core.Reporting.DataSetReport> DataSetReports => Set<Core.Reporting.DataSetReport>();
    public DbSet<Core.Reporting.ValidationRule> ValidationRules => Set<Core.Reporting.ValidationRule>();

    /// <summary>Every stored combo with its categories and option combos (few rows: read whole when asked).</summary>
    public async Task<IReadOnlyDictionary<int, ComboShape>> ComboShapesAsync(CancellationToken cancellationToken = default) =>
        ComboShape.All(await Categories.AsNoTracking().ToListAsync(cancellationToken), await CategoryCombos.AsNoTracking().ToListAsync(cancellationToken),
            await CategoryOptionCombos.AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>Folder of this provider's migration scripts among the embedded resources.</summary>
    internal abstract string MigrationFolder { get; }

    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(YardstickDb).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary>Runs raw ADO.NET work on this context's connection, opening it for the call when it is closed.</summary>
    public async Task<T> WithConnectionAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await Database.OpenConnectionAsync(cancellationToken);
        }
        try
        {
            return await work(connection);
        }
        finally
        {
            if (opened)
            {
                await Database.CloseConnectionAsync();
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}

/// <summary>The embedded store: one SQLite file.</summary>
public sealed class SqliteYardstickDb(DbContextOptions<SqliteYardstickDb> options) : YardstickDb(options)
{
    internal override string MigrationFolder => "Sqlite";
    public override bool IsPostgres => false;
}

/// <summary>The server store.</summary>
public sealed class PostgresYardstickDb(DbContextOptions<PostgresYardstickDb> options) : YardstickDb(options)
{
    internal override string MigrationFolder => "Postgres";
    public override bool IsPostgres => true;
}

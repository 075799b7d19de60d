using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Yardstick.Core.Model;
using Yardstick.Core.Text;
using Yardstick.Data.Values;

namespace Yardstick.Data.Analytics;

/// <summary>
/// A saved 数据分析 selection: its name, who saved it and from which unit (their scope then), whether that unit's subtree
/// shares it, and its <see cref="Version"/>, which every rename and delete compares and moves.
/// </summary>
public sealed record Favorite(long Id, string Name, string Owner, string UnitCode, string UnitName, string UnitPath, bool Shared, AnalysisSelection Selection,
    int Version, DateTimeOffset SavedAt)
{
    /// <summary>Whether <paramref name="userName"/> saved it (only the owner renames or deletes it).</summary>
    public bool IsOwnedBy(string userName) => string.Equals(Owner, userName, StringComparison.Ordinal);
}

/// <summary>
/// 收藏 of the 数据分析 page (issue 28): saved, listed, renamed and deleted, each write audited under the owner's unit and
/// rename and delete compare-and-set on the version the user saw. <b>Who sees one</b> is one rule, <see cref="Seen"/>: its
/// owner, and — when shared — everyone whose scope, or read-only data scope (a 处室 account's), lies in the unit it was saved
/// for; never anyone of another unit.
/// What a favourite shows a viewer whose scope is smaller than its unit is their part of it
/// (<see cref="Analytics.AnswerAsync"/>'s <c>seenBy</c>).
/// </summary>
public static class Favorites
{
    /// <summary>How many favourites one user keeps.</summary>
    public const int MostPerUser = 200;

    private const string Columns = "f.id, f.name, f.owner, u.code, u.name, u.path, f.shared, f.selection, f.version, f.saved_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Whom a favourite shows to (@me, @scope, @data): its owner, and when shared everyone whose scope or data scope lies in
    /// the unit it was saved for. Reading the data scope is all it gives: writes are the owner's, filed under their own unit.
    /// </summary>
    private const string Seen = "(f.owner = @me OR (f.shared = @yes AND (@scope LIKE u.path || '%' OR @data LIKE u.path || '%')))";

    /// <summary>
    /// The favourites <paramref name="userName"/> may open — their own, and those shared with a unit their scope or their
    /// read-only data scope (<paramref name="dataScope"/>, a 处室 account's; null when they have none) lies in —, newest first.
    /// </summary>
    public static async Task<IReadOnlyList<Favorite>> VisibleAsync(YardstickDb db, string userName, OrgUnit scope, OrgUnit? dataScope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return await db.WithConnectionAsync(connection => ReadAsync(connection, null,
            $"{Seen} ORDER BY f.saved_at DESC, f.id DESC", cancellationToken,
            ("@me", userName), ("@yes", true), ("@scope", scope.Path), ("@data", (dataScope ?? scope).Path)), cancellationToken);
    }

    /// <summary>One favourite the user may open, or null (unknown, or another unit's: the same answer, so ids reveal nothing).</summary>
    private static async Task<Favorite?> FindAsync(YardstickDb db, long id, string userName, OrgUnit scope, CancellationToken cancellationToken)
    {
        var found = await db.WithConnectionAsync(connection => ReadAsync(connection, null,
            $"f.id = @id AND {Seen}", cancellationToken,
            ("@id", id), ("@me", userName), ("@yes", true), ("@scope", scope.Path), ("@data", scope.Path)), cancellationToken);
        return found.SingleOrDefault();
    }

    /// <summary>Saves <paramref name="selection"/> as <paramref name="name"/> for the owner's unit; the name unique among the owner's favourites.</summary>
    public static async Task<(Favorite? Favorite, Refusal? Refusal)> SaveAsync(YardstickDb db, string owner, OrgUnit scope, string? name, bool shared,
        AnalysisSelection selection, DateTimeOffset at, string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(selection);
        if (NameRefusal(name, out var clean) is { } bad)
        {
            return (null, bad);
        }
        // Only the selection's syntax is checked here (规划期 stands for whichever years its plan has when opened).
        if (selection.Question(selection.Plan is null ? null : (2000, 2000)).Refusal is { } unreadable)
        {
            return (null, unreadable);
        }
        long id = 0;
        Refusal? refusal = null;
        var done = await AuditedChange.RunAsync(db, owner, "保存数据分析收藏", at, address, async (connection, transaction) =>
        {
            refusal = await TakenAsync(connection, transaction, owner, clean, null, cancellationToken);
            var count = Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction, "SELECT count(*) FROM analysis_favorites WHERE owner = @me",
                cancellationToken, ("@me", owner)), CultureInfo.InvariantCulture);
            if (refusal is null && count >= MostPerUser)
            {
                refusal = Refusal.Invalid($"每人最多保存 {MostPerUser} 个收藏, 请先删除不用的收藏", "name");
            }
            if (refusal is not null)
            {
                return null;
            }
            id = Convert.ToInt64(await AuditedChange.ScalarAsync(connection, transaction, """
                INSERT INTO analysis_favorites (name, owner, org_unit_id, shared, selection, version, saved_at)
                VALUES (@n, @me, @unit, @shared, @selection, 1, @at) RETURNING id
                """, cancellationToken, ("@n", clean), ("@me", owner), ("@unit", scope.Id), ("@shared", shared),
                ("@selection", JsonSerializer.Serialize(selection, Json)), ("@at", at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))), CultureInfo.InvariantCulture);
            return [("analysis_favorite", Key(scope.Code, id), null, Described(clean, shared, selection))];
        }, cancellationToken);
        if (!done)
        {
            return (null, refusal ?? Refusal.Conflict("收藏未能保存, 请重试"));
        }
        return (await FindAsync(db, id, owner, scope, cancellationToken), null);
    }

    /// <summary>Renames the owner's favourite, compare-and-set on the version they saw.</summary>
    public static async Task<(Favorite? Favorite, Refusal? Refusal)> RenameAsync(YardstickDb db, long id, string owner, OrgUnit scope, string? name, int seenVersion,
        DateTimeOffset at, string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await OwnAsync(db, id, owner, scope, cancellationToken) is { Refusal: { } refused })
        {
            return (null, refused);
        }
        if (NameRefusal(name, out var clean) is { } bad)
        {
            return (null, bad);
        }
        Refusal? refusal = null;
        var done = await AuditedChange.RunAsync(db, owner, "重命名数据分析收藏", at, address, async (connection, transaction) =>
        {
            var current = (await ReadAsync(connection, transaction, "f.id = @id", cancellationToken, ("@id", id))).SingleOrDefault();
            if (current is null || current.Version != seenVersion)
            {
                return null;
            }
            refusal = await TakenAsync(connection, transaction, owner, clean, id, cancellationToken);
            if (refusal is not null)
            {
                return null;
            }
            var changed = await AuditedChange.ExecuteAsync(connection, transaction,
                "UPDATE analysis_favorites SET name = @n, version = version + 1 WHERE id = @id AND version = @seen", cancellationToken,
                ("@n", clean), ("@id", id), ("@seen", seenVersion));
            if (changed == 0)
            {
                return null;
            }
            return [("analysis_favorite", Key(current.UnitCode, id), $"name={current.Name}", $"name={clean}")];
        }, cancellationToken);
        if (!done)
        {
            return (null, refusal ?? await MovedAsync(db, id, owner, scope, cancellationToken));
        }
        return (await FindAsync(db, id, owner, scope, cancellationToken), null);
    }

    /// <summary>Deletes the owner's favourite, compare-and-set on the version they saw.</summary>
    public static async Task<Refusal?> DeleteAsync(YardstickDb db, long id, string owner, OrgUnit scope, int seenVersion, DateTimeOffset at, string? address,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await OwnAsync(db, id, owner, scope, cancellationToken) is { Refusal: { } refused })
        {
            return refused;
        }
        var done = await AuditedChange.RunAsync(db, owner, "删除数据分析收藏", at, address, async (connection, transaction) =>
        {
            var current = (await ReadAsync(connection, transaction, "f.id = @id", cancellationToken, ("@id", id))).SingleOrDefault();
            if (current is null || current.Version != seenVersion
                || await AuditedChange.ExecuteAsync(connection, transaction, "DELETE FROM analysis_favorites WHERE id = @id AND version = @seen", cancellationToken,
                    ("@id", id), ("@seen", seenVersion)) == 0)
            {
                return null;
            }
            return [("analysis_favorite", Key(current.UnitCode, id), Described(current.Name, current.Shared, current.Selection), null)];
        }, cancellationToken);
        return done ? null : await MovedAsync(db, id, owner, scope, cancellationToken);
    }

    /// <summary>Why a name cannot be a favourite's: blank, or longer than a name may be.</summary>
    private static Refusal? NameRefusal(string? name, out string clean)
    {
        clean = InputText.Clean(name ?? "").Trim();
        if (clean.Length == 0)
        {
            return Refusal.Invalid("请填写收藏名称", "name");
        }
        return clean.Length > InputLimits.Name ? Refusal.Invalid($"收藏名称不能超过 {InputLimits.Name} 个字", "name") : null;
    }

    private static async Task<Refusal?> TakenAsync(DbConnection connection, DbTransaction transaction, string owner, string name, long? except, CancellationToken cancellationToken) =>
        Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction, "SELECT count(*) FROM analysis_favorites WHERE owner = @me AND name = @n AND id <> @id",
            cancellationToken, ("@me", owner), ("@n", name), ("@id", except ?? 0L)), CultureInfo.InvariantCulture) > 0
            ? Refusal.Invalid($"您已有名为“{InputLimits.Echo(name)}”的收藏, 请换一个名称", "name")
            : null;

    /// <summary>The favourite when the user owns it; else why not (not found when they cannot see it, forbidden when it is someone else's).</summary>
    private static async Task<(Favorite? Favorite, Refusal? Refusal)> OwnAsync(YardstickDb db, long id, string owner, OrgUnit scope, CancellationToken cancellationToken)
    {
        var favorite = await FindAsync(db, id, owner, scope, cancellationToken);
        return favorite is null ? (null, Refusal.NotFound($"没有编号为 {id} 的收藏"))
            : !favorite.IsOwnedBy(owner) ? (null, Refusal.Forbidden("只能重命名或删除自己保存的收藏"))
            : (favorite, null);
    }

    /// <summary>The 409 of a lost compare-and-set, saying what the favourite is now.</summary>
    private static async Task<Refusal> MovedAsync(YardstickDb db, long id, string owner, OrgUnit scope, CancellationToken cancellationToken) =>
        await FindAsync(db, id, owner, scope, cancellationToken) is { } now
            ? Refusal.Conflict($"收藏刚被修改 (现名“{now.Name}”), 请刷新后再试")
            : Refusal.Conflict("收藏已被删除");

    /// <summary>The audit key: the owner's unit (the entry is filed under it) and the favourite's id.</summary>
    private static string Key(string unitCode, long id) => $"{unitCode}/{id.ToString(CultureInfo.InvariantCulture)}";

    private static string Described(string name, bool shared, AnalysisSelection selection) =>
        $"name={name};shared={(shared ? "是" : "否")};selection={selection.Query()}";

    private static async Task<IReadOnlyList<Favorite>> ReadAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM analysis_favorites f JOIN org_units u ON u.id = f.org_unit_id WHERE {where}";
        foreach (var (name, value) in parameters)
        {
            SchemaMigrator.AddParameter(command, name, value);
        }
        var found = new List<Favorite>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var selection = JsonSerializer.Deserialize<AnalysisSelection>(reader.GetString(7), Json)
                ?? throw new FormatException($"收藏 {reader.GetValue(0)} 的查询条件无法读取");
            found.Add(new Favorite(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), Convert.ToBoolean(reader.GetValue(6), CultureInfo.InvariantCulture), selection,
                Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture)));
        }
        return found;
    }
}

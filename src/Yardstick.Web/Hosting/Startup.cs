using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Demo;

namespace Yardstick.Web.Hosting;

/// <summary>
/// What happens once before the app serves: the schema is brought up to date, an empty database gets the demo (when
/// asked), the roles exist, and a database without users gets a first administrator whose password must be changed at
/// first sign-in — printed to the console, the only place it ever appears.
/// </summary>
public static class Startup
{
    public const string FirstAdminName = "admin";

    public static async Task PrepareAsync(IServiceProvider services, YardstickOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        await using var scope = services.CreateAsyncScope();
        services = scope.ServiceProvider;
        var data = services.GetRequiredService<YardstickDb>();
        // Instances starting together on one PostgreSQL database take turns: the first migrates, seeds and creates
        // the first admin; the others find it done. (A session lock, held on this context's connection.)
        await data.Database.OpenConnectionAsync();
        try
        {
            if (data.IsPostgres)
            {
                await data.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7310002)");
            }
            await PrepareStoreAsync(scope.ServiceProvider, data, options, logger);
        }
        finally
        {
            if (data.IsPostgres)
            {
                await data.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7310002)");
            }
            await data.Database.CloseConnectionAsync();
        }
    }

    private static async Task PrepareStoreAsync(IServiceProvider services, YardstickDb data, YardstickOptions options, ILogger logger)
    {
        // Each phase of the start is timed and logged, so a slow start says where its time went.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var version = await SchemaMigrator.MigrateAsync(data);
        logger.LogInformation("数据库 {Location} 结构版本 {Version} (迁移检查用时 {Seconds:F1} s)", options.Location(), version, clock.Elapsed.TotalSeconds);

        var demoSeeded = false;
        var folder = options.DemoFolder ?? Path.Combine(AppContext.BaseDirectory, "demo");
        if (options.SeedDemo && !await data.OrgUnits.AnyAsync())
        {
            clock.Restart();
            // Said in plain words on the console as it goes, for whoever watches a first start (the log's JSON lines are for machines).
            var said = new ConsoleLines("正在建立演示数据: ");
            said.Report("数据库为空, 约需几秒…");
            var (seeded, lines) = await TongliaoDemo.SeedAsync(data, folder, services.GetRequiredService<TimeProvider>(), said);
            foreach (var line in lines)
            {
                logger.LogInformation("演示数据: {Line}", line);
            }
            if (!seeded)
            {
                throw new InvalidOperationException("演示数据导入失败: " + string.Join("; ", lines));
            }
            demoSeeded = true;
            said.Report($"完成 ({clock.Elapsed.TotalSeconds:F1} s)");
            logger.LogInformation("演示数据导入用时 {Seconds:F1} s", clock.Elapsed.TotalSeconds);
        }

        // Keys stored in plain text (before keys were encrypted at rest) are removed: they are ignored anyway, and whoever
        // read them from a backup must not be able to sign cookies with them. Signed-in users sign in again once.
        var access = services.GetRequiredService<AccessDb>();
        var plain = (await access.DataProtectionKeys.ToListAsync()).Where(k => !Access.DatabaseKeyRing.IsEncrypted(System.Xml.Linq.XElement.Parse(k.Xml))).ToList();
        if (plain.Count > 0)
        {
            access.DataProtectionKeys.RemoveRange(plain);
            await access.SaveChangesAsync();
            logger.LogWarning("已删除 {Count} 个未加密的数据保护密钥; 已登录的用户需重新登录一次", plain.Count);
        }

        await UserAccounts.EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        var users = services.GetRequiredService<UserManager<YardstickUser>>();
        if (!await users.Users.AnyAsync())
        {
            var root = await data.OrgUnits.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.Code).FirstOrDefaultAsync();
            if (root is null)
            {
                logger.LogWarning("数据库中还没有组织机构, 未创建初始管理员; 导入机构后用 yardstick user add 创建用户");
                return;
            }
            var accounts = new List<(string Name, string Password, string Who)>();
            // The demo's own accounts come from its files (TongliaoDemo.Accounts); each is shown as its unit (under its
            // parent's name, which tells two 大林镇 apart) and its role in Chinese.
            foreach (var (name, role, unit) in demoSeeded ? [(FirstAdminName, Roles.Admin, root.Code), .. TongliaoDemo.Accounts(folder)]
                : new[] { (FirstAdminName, Roles.Admin, root.Code) })
            {
                var place = await data.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == unit)
                    ?? throw new InvalidOperationException($"演示账号 {name} 的机构 {unit} 不在演示数据中");
                var parent = place.ParentId is { } p ? await data.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == p) : null;
                var password = IdentityRules.RandomPassword();
                var errors = await UserAccounts.CreateAsync(services, data, name, role, unit, password,
                    mustChangePassword: true, services.GetRequiredService<TimeProvider>().GetUtcNow());
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException($"无法创建初始账号 {name}: " + string.Join("; ", errors));
                }
                accounts.Add((name, password, $"{place.Name}{(parent is null ? "" : $" ({parent.Name})")} {Roles.Chinese(role)}"));
            }
            // Printed, not logged through the structured pipeline, so it is never shipped to a log store.
            Console.WriteLine($"""

                ==== Yardstick 初始账号 (首次登录须修改密码) ====
                {string.Join(Environment.NewLine, accounts.Select(a => $"用户名: {a.Name,-10} 密码: {a.Password}   ({a.Who})"))}
                =================================================

                """);
        }
    }

    /// <summary>Progress as console lines, in order, on the caller's thread (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class ConsoleLines(string prefix) : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine(prefix + value);
    }
}

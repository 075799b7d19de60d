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
        var version = await SchemaMigrator.MigrateAsync(data);
        logger.LogInformation("数据库 {Location} 结构版本 {Version}", options.Location(), version);

        if (options.SeedDemo && !await data.OrgUnits.AnyAsync())
        {
            var folder = options.DemoFolder ?? Path.Combine(AppContext.BaseDirectory, "demo");
            var (seeded, lines) = await TongliaoDemo.SeedAsync(data, folder, services.GetRequiredService<TimeProvider>());
            foreach (var line in lines)
            {
                logger.LogInformation("演示数据: {Line}", line);
            }
            if (!seeded)
            {
                throw new InvalidOperationException("演示数据导入失败: " + string.Join("; ", lines));
            }
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
            var password = IdentityRules.RandomPassword();
            var errors = await UserAccounts.CreateAsync(services, data, FirstAdminName, Roles.Admin, root.Code, password,
                mustChangePassword: true, services.GetRequiredService<TimeProvider>().GetUtcNow());
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("无法创建初始管理员: " + string.Join("; ", errors));
            }
            // Printed, not logged through the structured pipeline, so it is never shipped to a log store.
            Console.WriteLine($"""

                ==== Yardstick 初始管理员 (首次登录须修改密码) ====
                用户名: {FirstAdminName}
                密码:   {password}
                =================================================

                """);
        }
    }
}

using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick user add|disable|enable</c> and <c>yardstick token create|revoke</c>: accounts and API tokens for the web app, made with the same
/// Identity stores and password rules the web app uses (so a password the web app would refuse is refused here too). Run by the
/// operator of the database, a command is above every scope; with <c>--as NAME</c> it acts for that security admin and is held
/// to the same 三员分立 rule as the users page (<see cref="ActingAccount"/>).
/// </summary>
public static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "网页系统的用户账号");
        user.Subcommands.Add(Add());
        user.Subcommands.Add(SetDisabled(disable: true));
        user.Subcommands.Add(SetDisabled(disable: false));
        user.Subcommands.Add(Set());
        return user;
    }

    public static Command CreateToken()
    {
        var token = new Command("token", "API 访问令牌 (Authorization: Bearer …)");
        token.Subcommands.Add(TokenCreate());
        token.Subcommands.Add(TokenRevoke());
        return token;
    }

    private static Command Add()
    {
        var store = new StoreOptions();
        var name = new Option<string>("--name") { Description = "用户名", Required = true };
        var role = new Option<string>("--role") { Description = $"角色: {string.Join("|", Roles.All)} ({string.Join("、", Roles.All.Select(Roles.Chinese))})", Required = true };
        var orgUnit = new Option<string>("--orgunit") { Description = "机构范围: 该用户只能查看和填报此机构及其下级 (本级及下级)", Required = true };
        var password = new Option<string?>("--password")
        {
            Description = "初始密码 (至少 8 位, 含大写、小写、数字、符号中的三类)。不给时从 --password-stdin 或提示输入读取 (写在命令行上的密码会留在命令历史里)",
        };
        var fromStdin = new Option<bool>("--password-stdin") { Description = "从标准输入的第一行读取密码 (脚本用: echo \"$PW\" | yardstick user add … --password-stdin)" };
        var keep = new Option<bool>("--no-must-change") { Description = "不要求首次登录修改密码 (默认要求)" };
        var acting = ActingOption();
        var command = new Command("add", "新建用户账号 (默认首次登录须修改密码)") { name, role, orgUnit, password, fromStdin, keep, acting };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var (secret, problem) = ReadPassword(result.GetValue(password), result.GetValue(fromStdin));
            if (secret is null)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(problem);
                return 1;
            }
            var location = store.Location(result);
            await using (var db = location.Open())
            {
                await SchemaMigrator.MigrateAsync(db, cancellationToken: cancellationToken);
                await using var services = UserAccounts.IdentityServices(location);
                await using var scope = services.CreateAsyncScope();
                var (actor, refusal) = await ActingAsync(scope.ServiceProvider, db, result, acting, cancellationToken);
                if (refusal is null && actor is not null && await UserAccounts.ScopePathAsync(db, result.GetValue(orgUnit), cancellationToken) is { } path)
                {
                    refusal = actor.RefusalToGrant(result.GetValue(role)!, path);
                }
                if (refusal is not null)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync(refusal);
                    return 1;
                }
                var errors = await UserAccounts.CreateAsync(scope.ServiceProvider, db, result.GetValue(name)!, result.GetValue(role)!,
                    result.GetValue(orgUnit)!, secret, mustChangePassword: !result.GetValue(keep), TimeProvider.System.GetUtcNow());
                foreach (var e in errors)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync(e);
                }
                if (errors.Count > 0)
                {
                    return 1;
                }
                await AuditLog.RecordEventAsync(db, actor?.Name ?? Environment.UserName, null, "user", result.GetValue(name)!, null,
                    $"role={result.GetValue(role)};orgunit={result.GetValue(orgUnit)} (命令行)", TimeProvider.System.GetUtcNow(), result.GetValue(orgUnit), cancellationToken);
            }
            await result.InvocationConfiguration.Output.WriteLineAsync($"已创建用户 {result.GetValue(name)} ({Roles.Chinese(result.GetValue(role)!)}, 机构范围 {result.GetValue(orgUnit)})"
                + (result.GetValue(keep) ? "" : "; 首次登录须修改密码"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The new account's password: given on the command line, the first line of standard input (--password-stdin), or typed at
    /// a prompt without echo, twice. With neither and no terminal to prompt on, the reason is said instead.
    /// </summary>
    private static (string? Password, string Problem) ReadPassword(string? given, bool fromStdin)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return (given, "");
        }
        if (fromStdin)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? (null, "标准输入中没有密码 (--password-stdin 读第一行)") : (line.TrimEnd('\r'), "");
        }
        if (Console.IsInputRedirected)
        {
            return (null, "请给出密码: --password、--password-stdin, 或在终端中运行以提示输入");
        }
        var first = Prompt("密码: ");
        var again = Prompt("再次输入密码: ");
        return first.Length == 0 ? (null, "密码不能为空") : first != again ? (null, "两次输入的密码不一致") : (first, "");

        static string Prompt(string label)
        {
            Console.Error.Write(label);
            var typed = new System.Text.StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    Console.Error.WriteLine();
                    return typed.ToString();
                }
                if (key.Key == ConsoleKey.Backspace)
                {
                    typed.Length = Math.Max(0, typed.Length - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    typed.Append(key.KeyChar);
                }
            }
        }
    }

    private static Command TokenCreate()
    {
        var store = new StoreOptions();
        var user = new Option<string>("--user") { Description = "令牌所属的用户名; 令牌拥有该用户的角色和机构范围", Required = true };
        var label = new Option<string>("--label") { Description = "令牌用途说明", DefaultValueFactory = _ => "cli" };
        var days = new Option<int>("--days")
        {
            Description = $"有效天数 (1–{IdentityRules.MaxTokenDays})",
            DefaultValueFactory = _ => (int)IdentityRules.TokenLifetime.TotalDays,
        };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > IdentityRules.MaxTokenDays)
            {
                r.AddError($"--days 应在 1 到 {IdentityRules.MaxTokenDays} 之间");
            }
        });
        var command = new Command("create", "为用户生成 API 访问令牌; 令牌只显示一次 (最后一行), 库中只存其哈希") { user, label, days };
        store.AddTo(command);
        command.SetAction((result, cancellationToken) => OnAccountAsync(store, result, result.GetValue(user)!, null, async (db, services, holder, actor) =>
        {
            if (holder.Disabled)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"用户 \"{holder.UserName}\" 已停用, 不能生成令牌");
                return 1;
            }
            var token = await IdentityRules.CreateTokenAsync(services.GetRequiredService<AccessDb>(), holder, result.GetValue(label)!,
                TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(result.GetValue(days)));
            await AuditLog.RecordEventAsync(db, actor, null, "token", holder.UserName ?? "", null,
                $"已创建访问令牌 \"{result.GetValue(label)}\" (命令行)", TimeProvider.System.GetUtcNow(), holder.OrgUnitCode, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync(
                $"用户 {holder.UserName} 的访问令牌, {result.GetValue(days)} 天后失效 (请妥善保存, 不会再次显示):");
            await result.InvocationConfiguration.Output.WriteLineAsync(token);
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary><c>user disable|enable --name N</c>: a disabled account cannot sign in; its sessions and tokens end at once.</summary>
    private static Command SetDisabled(bool disable)
    {
        var store = new StoreOptions();
        var name = new Option<string>("--name") { Description = "用户名", Required = true };
        var acting = ActingOption();
        var command = new Command(disable ? "disable" : "enable", disable ? "停用账号: 立即结束其全部会话并吊销全部访问令牌" : "重新启用已停用的账号") { name, acting };
        store.AddTo(command);
        command.SetAction((result, cancellationToken) => OnAccountAsync(store, result, result.GetValue(name)!, acting, async (db, services, user, actor) =>
        {
            await UserAccounts.SetDisabledAsync(services.GetRequiredService<UserManager<YardstickUser>>(), services.GetRequiredService<AccessDb>(), user, disable, cancellationToken);
            await AuditLog.RecordEventAsync(db, actor, null, "user.disabled", user.UserName ?? "", disable ? "启用" : "停用",
                (disable ? "停用" : "启用") + " (命令行)", TimeProvider.System.GetUtcNow(), user.OrgUnitCode, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync(disable ? $"已停用 {user.UserName}, 其会话与访问令牌已失效" : $"已启用 {user.UserName}");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// <c>user set --name N [--data-scope CODE] [--external-id ID]</c>: a 处室 account's read-only data scope and an account's
    /// 统一身份认证 id, asked of the same rules as the users page (<see cref="UserAccounts.RefusalToGiveDataScope"/>), audited.
    /// An option left out is left as it is; an empty value takes it away.
    /// </summary>
    private static Command Set()
    {
        var store = new StoreOptions();
        var name = new Option<string>("--name") { Description = "用户名", Required = true };
        var dataScope = new Option<string?>("--data-scope")
        {
            Description = "处室账号的数据查看范围 (机构代码, 只读): 可查看该机构及其下级的数据, 不能填报、上报或审核; 给空值 \"\" 取消",
        };
        var externalId = new Option<string?>("--external-id") { Description = "统一身份认证账号 (按外部编号对应登录时使用); 给空值 \"\" 取消" };
        var acting = ActingOption();
        var command = new Command("set", "设置账号的数据查看范围或统一身份认证账号 (数据查看范围变更立即结束其会话与令牌)") { name, dataScope, externalId, acting };
        store.AddTo(command);
        command.SetAction((result, cancellationToken) => OnAccountAsync(store, result, result.GetValue(name)!, acting, async (db, services, user, actor) =>
        {
            var users = services.GetRequiredService<UserManager<YardstickUser>>();
            var before = $"data_scope={user.DataScopeCode};external_id={user.ExternalId}";
            var error = result.InvocationConfiguration.Error;
            (bool Set, string? Code) given = (false, null);
            if (result.GetValue(dataScope) is { } code)
            {
                var dataUnit = string.IsNullOrWhiteSpace(code) ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code.Trim(), cancellationToken);
                if (!string.IsNullOrWhiteSpace(code) && dataUnit is null)
                {
                    await error.WriteLineAsync($"未知的组织机构代码 \"{Core.Model.InputLimits.Echo(code)}\"");
                    return 1;
                }
                // The operator (no --as) is above every scope; an --as account gives only what lies inside its own.
                var (account, _) = await ActingAsync(services, db, result, acting, cancellationToken);
                var accountUnit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == user.OrgUnitCode, cancellationToken);
                if (UserAccounts.RefusalToGiveDataScope(account?.ScopePath ?? "/", accountUnit, dataUnit) is { } refusal)
                {
                    await error.WriteLineAsync(refusal);
                    return 1;
                }
                given = (true, dataUnit?.Code);
            }
            // The id first: it is the part that can still be refused (held by another account), and nothing is changed then.
            if (result.GetValue(externalId) is { } external && await UserAccounts.SetExternalIdAsync(users, user, external, cancellationToken) is { } taken)
            {
                await error.WriteLineAsync(taken);
                return 1;
            }
            if (given.Set)
            {
                await UserAccounts.SetDataScopeAsync(users, services.GetRequiredService<AccessDb>(), user, given.Code, cancellationToken);
            }
            var after = $"data_scope={user.DataScopeCode};external_id={user.ExternalId}";
            await AuditLog.RecordEventAsync(db, actor, null, "user.access", user.UserName ?? "", before, after + " (命令行)",
                TimeProvider.System.GetUtcNow(), user.OrgUnitCode, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync($"已更新 {user.UserName}: 数据查看范围 {user.DataScopeCode ?? "无"}, 统一身份认证账号 {user.ExternalId ?? "无"}");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary><c>token revoke --user N</c>: every access token of the user stops working at once.</summary>
    private static Command TokenRevoke()
    {
        var store = new StoreOptions();
        var user = new Option<string>("--user") { Description = "用户名: 吊销该用户的全部访问令牌", Required = true };
        var acting = ActingOption();
        var command = new Command("revoke", "吊销用户的全部访问令牌 (立即失效)") { user, acting };
        store.AddTo(command);
        command.SetAction((result, cancellationToken) => OnAccountAsync(store, result, result.GetValue(user)!, acting, async (db, services, holder, actor) =>
        {
            var access = services.GetRequiredService<AccessDb>();
            var count = await access.AccessTokens.CountAsync(t => t.UserId == holder.Id, cancellationToken);
            await access.AccessTokens.Where(t => t.UserId == holder.Id).ExecuteDeleteAsync(cancellationToken);
            await AuditLog.RecordEventAsync(db, actor, null, "token.revoke", holder.UserName ?? "", $"{count} 个令牌", "已全部吊销 (命令行)",
                TimeProvider.System.GetUtcNow(), holder.OrgUnitCode, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync($"已吊销 {holder.UserName} 的 {count} 个访问令牌");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Option<string?> ActingOption() => new("--as")
    {
        Description = "以该安全管理员的身份操作, 按三员分立的规则检查 (与网页\"用户与权限\"相同); 不给时为数据库的运维人员",
    };

    /// <summary>The account given by <c>--as</c>, or none; or why it may not manage accounts.</summary>
    private static async Task<(ActingAccount? Actor, string? Refusal)> ActingAsync(IServiceProvider services, YardstickDb db, ParseResult result,
        Option<string?> acting, CancellationToken cancellationToken) =>
        result.GetValue(acting) is { Length: > 0 } name ? await UserAccounts.ActingAsync(services, db, name, cancellationToken) : (null, null);

    /// <summary>
    /// Whether the command may change <paramref name="target"/>'s account, and for whom it acts: the <c>--as</c> account when the
    /// rule lets it, the operator (a null name) when none is given; when refused, the reason is said on the error stream.
    /// </summary>
    private static async Task<(bool Allowed, string? Actor)> MayManageAsync(IServiceProvider services, YardstickDb db, ParseResult result, Option<string?> acting,
        YardstickUser target, CancellationToken cancellationToken)
    {
        var (actor, refusal) = await ActingAsync(services, db, result, acting, cancellationToken);
        if (refusal is null && actor is not null)
        {
            refusal = await UserAccounts.RefusalToManageAsync(services, db, actor, target, cancellationToken);
        }
        if (refusal is not null)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync(refusal);
            return (false, null);
        }
        return (true, actor?.Name);
    }

    /// <summary>
    /// The opening every command on one account shares: the store opened and brought up to date, the Identity services, the
    /// account by name and — when the command takes <c>--as</c> (<paramref name="acting"/>) — whether it may change that account
    /// (<see cref="MayManageAsync"/>); then <paramref name="work"/> on the store, the services, the account and the name the audit
    /// row gives (the <c>--as</c> account, else the operator's login). An unknown or refused account is said on the error stream: 1.
    /// </summary>
    private static async Task<int> OnAccountAsync(StoreOptions store, ParseResult result, string userName, Option<string?>? acting,
        Func<YardstickDb, IServiceProvider, YardstickUser, string, Task<int>> work, CancellationToken cancellationToken)
    {
        var location = store.Location(result);
        await using var db = location.Open();
        await SchemaMigrator.MigrateAsync(db, cancellationToken: cancellationToken);
        await using var services = UserAccounts.IdentityServices(location);
        await using var scope = services.CreateAsyncScope();
        if (await FindAsync(scope.ServiceProvider, result, userName) is not { } user)
        {
            return 1;
        }
        string? actor = null;
        if (acting is not null)
        {
            (var allowed, actor) = await MayManageAsync(scope.ServiceProvider, db, result, acting, user, cancellationToken);
            if (!allowed)
            {
                return 1;
            }
        }
        return await work(db, scope.ServiceProvider, user, actor ?? Environment.UserName);
    }

    /// <summary>The account by name, or null after saying on the error stream that there is none.</summary>
    private static async Task<YardstickUser?> FindAsync(IServiceProvider services, ParseResult result, string name)
    {
        var found = await services.GetRequiredService<UserManager<YardstickUser>>().FindByNameAsync(name);
        if (found is null)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"没有用户 \"{name}\"");
        }
        return found;
    }
}

using Microsoft.EntityFrameworkCore;
using System.Text.Json;

namespace Yardstick.Cli.Tests;

/// <summary>The yardstick executable as a user runs it: a real process, real files, exit codes and output.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public CliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) =>
        RunProcessAsync(Path.Combine(AppContext.BaseDirectory, "yardstick"), args);

    private static async Task<(int Code, string Out, string Err)> RunProcessAsync(string program, IEnumerable<string> args, string? stdin = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private string Path_(string name) => Path.Combine(_folder, name);

    /// <summary>
    /// Issue 29, point 6: a backup killed half-way (kill -9 the moment it starts writing) leaves nothing under the name it
    /// was asked for, and the last good backup restores into an empty store, verified; restore refuses a store with data.
    /// </summary>
    [Fact]
    public async Task A_backup_killed_half_way_leaves_no_file_and_the_last_good_one_restores_verified()
    {
        var db = Path_("store.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        // Enough values that writing a backup takes a while (the kill must land before it ends): 7 elements × 9 units × the 600 months of 1970–2019.
        var rows = new System.Text.StringBuilder("dataelement,period,orgunit,value\n");
        string[] units = ["150500", "150502", "150521", "150522", "150523", "150524", "150525", "150526", "150581"];
        foreach (var element in new[] { "resident_population", "beds_total", "licensed_doctors", "registered_nurses", "childcare_slots", "smd_registered", "smd_managed" })
        {
            foreach (var unit in units)
            {
                for (var month = 0; month < 600; month++)
                {
                    rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{element},{1970 + month / 12}{month % 12 + 1:00},{unit},{month * 7 + unit.Length}\n");
                }
            }
        }
        await File.WriteAllTextAsync(Path_("history.csv"), rows.ToString());
        (await RunAsync("import", Path_("history.csv"), "--db", db)).Code.ShouldBe(0);
        var good = await RunAsync("backup", "--db", db, "--out", Path_("good.zip"));
        good.Code.ShouldBe(0, good.Err);
        good.Out.ShouldContain("备份完成");
        good.Out.ShouldContain("密钥文件不在备份内");

        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "yardstick")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "backup", "--db", db, "--out", Path_("killed.zip") })
        {
            start.ArgumentList.Add(a);
        }
        using (var watcher = new FileSystemWatcher(_folder, "killed.zip.partial-*") { EnableRaisingEvents = true })
        {
            using var started = new SemaphoreSlim(0);
            watcher.Created += (_, _) => started.Release();
            using var backup = System.Diagnostics.Process.Start(start)!;
            (await started.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue("the backup started writing");
            backup.Kill();
            await backup.WaitForExitAsync();
        }
        File.Exists(Path_("killed.zip")).ShouldBeFalse("a killed backup leaves nothing under the name asked for");

        var restored = await RunAsync("restore", Path_("good.zip"), "--db", Path_("restored.db"));
        restored.Code.ShouldBe(0, restored.Out + restored.Err);
        restored.Out.ShouldContain("✓ 审计链");
        restored.Out.ShouldContain("✓ 指标引擎从恢复的库载入");
        restored.Out.ShouldContain("恢复完整");
        var judged = await RunAsync("evaluate", "--db", db, "--plan", "TL14", "--orgunit", "150500", "--year", "2023", "--format", "json");
        (await RunAsync("evaluate", "--db", Path_("restored.db"), "--plan", "TL14", "--orgunit", "150500", "--year", "2023", "--format", "json")).Out.ShouldBe(judged.Out);

        var again = await RunAsync("restore", Path_("good.zip"), "--db", db);
        again.Code.ShouldBe(1);
        again.Err.ShouldContain("不是空库");
    }

    [Fact]
    public async Task User_set_gives_a_department_a_data_scope_and_an_account_its_sign_on_id_by_the_users_page_rules()
    {
        var db = Path_("user-set.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        (await RunAsync("user", "add", "--db", db, "--name", "三处", "--role", "department", "--orgunit", "150500D3", "--password", "Sanchu-2026")).Code.ShouldBe(0);
        (await RunAsync("user", "add", "--db", db, "--name", "科尔沁", "--role", "reporter", "--orgunit", "150502", "--password", "Kerqin-2026")).Code.ShouldBe(0);

        // Only a 处室's account has a data scope, and it names an area, not another 处室.
        var reporter = await RunAsync("user", "set", "--db", db, "--name", "科尔沁", "--data-scope", "150500");
        reporter.Code.ShouldBe(1);
        reporter.Err.ShouldContain("只有处室账号可以另设数据查看范围");
        (await RunAsync("user", "set", "--db", db, "--name", "三处", "--data-scope", "150500D2")).Err.ShouldContain("不能是处室");

        var set = await RunAsync("user", "set", "--db", db, "--name", "三处", "--data-scope", "150502", "--external-id", "GH-3003");
        set.Code.ShouldBe(0, set.Err);
        set.Out.ShouldContain("数据查看范围 150502");
        // One sign-on id names one account.
        (await RunAsync("user", "set", "--db", db, "--name", "科尔沁", "--external-id", "GH-3003")).Err.ShouldContain("已对应另一个账号");
        // An empty value takes the data scope away, and the id stays.
        var cleared = await RunAsync("user", "set", "--db", db, "--name", "三处", "--data-scope", "");
        cleared.Code.ShouldBe(0, cleared.Err);
        cleared.Out.ShouldContain("数据查看范围 无, 统一身份认证账号 GH-3003");
    }

    [Fact]
    public async Task User_add_keeps_the_password_rules_and_token_create_prints_the_token_last()
    {
        var db = Path_("users.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);

        var weak = await RunAsync("user", "add", "--db", db, "--name", "李四", "--role", "reporter", "--orgunit", "150502", "--password", "password");
        weak.Code.ShouldBe(1);
        weak.Err.ShouldContain("密码至少 8 位");
        var unknown = await RunAsync("user", "add", "--db", db, "--name", "李四", "--role", "boss", "--orgunit", "999999", "--password", "Kerqin-2026");
        unknown.Code.ShouldBe(1);
        unknown.Err.ShouldContain("未知的角色");
        unknown.Err.ShouldContain("未知的组织机构代码");

        var added = await RunAsync("user", "add", "--db", db, "--name", "李四", "--role", "reporter", "--orgunit", "150502", "--password", "Kerqin-2026");
        added.Code.ShouldBe(0, added.Err);
        added.Out.ShouldContain("已创建用户 李四 (数据填报, 机构范围 150502)");
        (await RunAsync("user", "add", "--db", db, "--name", "李四", "--role", "viewer", "--orgunit", "150500", "--password", "Kerqin-2026")).Err.ShouldContain("已存在");

        // The password from standard input, not the command line (which shell history keeps); a new account must change it
        // at first sign-in unless told otherwise; without a password and no terminal to ask on, the reason is said.
        var piped = await RunProcessAsync(Path.Combine(AppContext.BaseDirectory, "yardstick"),
            ["user", "add", "--db", db, "--name", "王五", "--role", "viewer", "--orgunit", "150500", "--password-stdin"], stdin: "Wangwu-2026\n");
        piped.Code.ShouldBe(0, piped.Err);
        piped.Out.ShouldContain("首次登录须修改密码");
        var kept = await RunAsync("user", "add", "--db", db, "--name", "赵六", "--role", "viewer", "--orgunit", "150500", "--password", "Zhaoliu-2026", "--no-must-change");
        kept.Out.ShouldNotContain("首次登录须修改密码");
        var none = await RunProcessAsync(Path.Combine(AppContext.BaseDirectory, "yardstick"),
            ["user", "add", "--db", db, "--name", "钱七", "--role", "viewer", "--orgunit", "150500"], stdin: "");
        none.Code.ShouldBe(1);
        none.Err.ShouldContain("请给出密码");
        await using (var accounts = Data.DatabaseLocation.Sqlite(db).Open())
        {
            var access = accounts.Database.GetDbConnection();
            await access.OpenAsync();
            await using var query = access.CreateCommand();
            query.CommandText = "SELECT user_name, must_change_password FROM users WHERE user_name IN ('李四', '王五', '赵六') ORDER BY user_name";
            var flags = new Dictionary<string, bool>();
            await using (var reader = await query.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    flags[reader.GetString(0)] = reader.GetBoolean(1);
                }
            }
            flags.ShouldBe(new Dictionary<string, bool> { ["李四"] = true, ["王五"] = true, ["赵六"] = false });
        }

        var token = await RunAsync("token", "create", "--db", db, "--user", "李四");
        token.Code.ShouldBe(0, token.Err);
        token.Out.Trim().Split('\n')[^1].ShouldMatch("^ys_[A-Za-z0-9_-]{43}$");

        // Revoking every token of the user, disabling and enabling; an unknown name is said plainly.
        var revoked = await RunAsync("token", "revoke", "--db", db, "--user", "李四");
        revoked.Code.ShouldBe(0, revoked.Err);
        revoked.Out.ShouldContain("已吊销 李四 的 1 个访问令牌");
        (await RunAsync("user", "disable", "--db", db, "--name", "李四")).Out.ShouldContain("已停用 李四");
        (await RunAsync("token", "create", "--db", db, "--user", "李四")).Err.ShouldContain("已停用");
        (await RunAsync("user", "enable", "--db", db, "--name", "李四")).Out.ShouldContain("已启用 李四");
        (await RunAsync("user", "disable", "--db", db, "--name", "孙八")).Err.ShouldContain("没有用户 \"孙八\"");
        (await RunAsync("token", "create", "--db", db, "--user", "nobody")).Code.ShouldBe(1);
        // Both are in the audit log, chained with the rest.
        await using var store = Data.DatabaseLocation.Sqlite(db).Open();
        var audit = await Data.Values.AuditLog.ReadAsync(store);
        audit.ShouldContain(e => e.Entity == "user" && e.Key == "李四");
        audit.ShouldContain(e => e.Entity == "token" && e.Key == "李四");
        (await Data.Values.AuditLog.VerifyAsync(store)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Issue_24_acting_for_a_security_admin_the_user_commands_keep_the_separated_roles_apart()
    {
        var db = Path_("separated.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        foreach (var (name, role, unit) in new[] { ("sec_kq", "security", "150502"), ("aud_kq", "auditor", "150502"), ("sec_city", "security", "150500") })
        {
            (await RunAsync("user", "add", "--db", db, "--name", name, "--role", role, "--orgunit", unit, "--password", "Kerqin-2026")).Code.ShouldBe(0, name);
        }

        var reset = await RunAsync("user", "disable", "--db", db, "--name", "aud_kq", "--as", "sec_kq");
        var admin = await RunAsync("user", "add", "--db", db, "--name", "adm_kq", "--role", "admin", "--orgunit", "150502", "--password", "Kerqin-2026", "--as", "sec_kq");
        var reporter = await RunAsync("user", "add", "--db", db, "--name", "rep_kq", "--role", "reporter", "--orgunit", "150502", "--password", "Kerqin-2026", "--as", "sec_kq");
        var notSecurity = await RunAsync("token", "revoke", "--db", db, "--user", "rep_kq", "--as", "aud_kq");
        var fromAbove = await RunAsync("user", "disable", "--db", db, "--name", "aud_kq", "--as", "sec_city");

        (reset.Code, admin.Code, reporter.Code, notSecurity.Code, fromAbove.Code).ShouldBe((1, 1, 0, 1, 0), reset.Err + admin.Err + reporter.Err + notSecurity.Err + fromAbove.Err);
        reset.Err.ShouldContain("三员分立");
        admin.Err.ShouldContain("三员分立");
        notSecurity.Err.ShouldContain("不是安全管理员");
        await using var store = Data.DatabaseLocation.Sqlite(db).Open();
        (await Data.Values.AuditLog.ReadAsync(store)).ShouldContain(e => e.Entity == "user.disabled" && e.Key == "aud_kq" && e.Actor == "sec_city");
    }

    /// <summary>
    /// The README's round trip: the demo exported, imported into a new store, and its values imported again. Nothing changes,
    /// so nothing is flagged 请核实
    /// (it printed 91 hints, 应种剂次 9782 outside "9741.2761–9745.7239"). 科尔沁区's 应种剂次 was 9,743–9,744 a month in 2020:
    /// January 2021 typed as 97820 is outside 8769–10718 (a tenth either side of the median, in whole doses) and is flagged.
    /// </summary>
    /// <summary>Issue 27: an operator finding where a slow import's seconds go asks for each phase's time; without asking, none is printed.</summary>
    [Fact]
    public async Task Issue_28_import_of_a_geojson_matches_by_name_under_parent_refuses_an_unmatched_feature_unless_partial_and_exports_back()
    {
        var db = Path_("maps.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        (await RunAsync("export", "--db", db, "--out", Path_("exported"))).Out.ShouldContain("orgunits.geojson: 8 个要素");
        var file = Path_("counties.geojson");
        await File.WriteAllTextAsync(file, """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"開魯"},"geometry":{"type":"Point","coordinates":[121.3,43.6]}},
              {"type":"Feature","properties":{"name":"不存在旗"},"geometry":{"type":"Point","coordinates":[121.0,43.0]}}]}
            """);

        var refused = await RunAsync("import", "--db", db, file, "--parent", "150500");
        var partial = await RunAsync("import", "--db", db, file, "--parent", "150500", "--partial");
        var back = await RunAsync("import", "--db", db, Path_("exported/orgunits.geojson"));

        refused.Code.ShouldBe(1);
        refused.Err.ShouldContain("counties.geojson:要素 2: 名称 \"不存在旗\" 在通辽市 (150500) 的下级中找不到");
        refused.Err.ShouldContain("未写入任何边界");
        partial.Code.ShouldBe(0, partial.Err);
        partial.Out.ShouldContain("未匹配: counties.geojson:要素 2");
        partial.Out.ShouldContain("匹配 1 个机构, 更新 1 个");
        // The export puts 开鲁县's boundary back in place of the point, matched by code.
        back.Code.ShouldBe(0, back.Err);
        back.Out.ShouldContain("8 个要素, 匹配 8 个机构, 更新 1 个");
        (await RunAsync("import", "--db", db, file, Path_("exported/orgunits.csv"))).Err.ShouldContain("请单独导入");
    }

    [Fact]
    public async Task Import_with_timing_says_each_phases_time_on_stderr_and_still_imports()
    {
        var db = Path_("timing.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        var month = Path_("timing.csv");
        await File.WriteAllTextAsync(month, "dataelement,period,orgunit,value\nvaccine_doses_due,203001,150502,5\n");

        var timed = await RunAsync("import", "--db", db, "--timing", month);
        var quiet = await RunAsync("import", "--db", db, month);

        timed.Code.ShouldBe(0, timed.Err);
        timed.Out.ShouldContain("导入完成");
        timed.Err.ShouldContain("秒: 读取文件");
        timed.Err.ShouldContain("秒: 写入数据值与审计");
        timed.Err.ShouldContain("秒: 提交");
        quiet.Code.ShouldBe(0, quiet.Err);
        quiet.Err.ShouldNotContain("用时");
    }

    [Fact]
    public async Task Issue_25_importing_the_apps_own_export_flags_nothing_and_a_figure_ten_times_its_history_is_flagged()
    {
        var db = Path_("round.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        (await RunAsync("export", "--db", db, "--out", Path_("exported"))).Code.ShouldBe(0);
        var values = Path_("exported/datavalues.csv");
        File.ReadAllText(values).ShouldContain("vaccine_doses_due,202101,150502,,9782,");

        var copy = Path_("copy.db");
        (await RunAsync("init", "--db", copy)).Code.ShouldBe(0);
        var first = await RunAsync(["import", "--db", copy, .. new[] { "orgunits", "categories", "categorycombos", "dataelements", "datasets", "indicators", "datavalues" }.Select(k => Path_($"exported/{k}.csv"))]);
        first.Code.ShouldBe(0, first.Err);

        var back = await RunAsync("import", "--db", copy, "--ignore-lock-dates", values);
        File.WriteAllText(Path_("typo.csv"), "dataelement,period,orgunit,value\nvaccine_doses_due,202101,150502,97820\n");
        var typo = await RunAsync("import", "--db", copy, "--ignore-lock-dates", Path_("typo.csv"));

        back.Code.ShouldBe(0, back.Err);
        (back.Out + back.Err).ShouldNotContain("请核实");
        typo.Code.ShouldBe(0, typo.Err);
        (typo.Out + typo.Err).ShouldContain("typo.csv:2: 应种剂次 97820 超出该单位近三年的常见范围 8769–10718, 请核实");
    }

    /// <summary>
    /// The README's weighted scheme, written by its own printf line, scores the demo's counties as the README says ("Expected:
    /// X 85.89 first, Y 52.89 last"), with a spread: it gave every county 100 and rank 1 (issue 25).
    /// </summary>
    [Fact]
    public async Task Issue_25_the_readmes_weighted_scheme_gives_the_spread_the_readme_expects()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        var printf = readme.Split('\n').Single(l => l.StartsWith("printf 'indicator,weight,rule", StringComparison.Ordinal) && l.EndsWith("> scheme.csv", StringComparison.Ordinal));
        var expected = System.Text.RegularExpressions.Regex.Match(readme, @"Expected: (\S+) ([\d.]+) first, (\S+) ([\d.]+) last");
        expected.Success.ShouldBeTrue("the README says what the weighted scheme gives");
        var db = Path_("weighted.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        (await RunProcessAsync("bash", ["-c", $"cd '{_folder}' && {printf}"])).Code.ShouldBe(0);

        var (code, table, error) = await RunAsync("scorecard", "--db", db, "--plan", "TL14", "--orgunit", "150500", "--year", "2023", "--scheme", Path_("scheme.csv"));

        code.ShouldBe(0, error);
        var rows = System.Text.RegularExpressions.Regex.Matches(table, @"│ (\d+)\s+│ (\S+)\s+│ ([\d.]+)\s+│").Select(m => (Rank: m.Groups[1].Value, Name: m.Groups[2].Value, Total: m.Groups[3].Value)).ToList();
        rows.Count.ShouldBe(8);
        (rows[0].Rank, rows[0].Name, rows[0].Total).ShouldBe(("1", expected.Groups[1].Value, expected.Groups[2].Value));
        (rows[^1].Rank, rows[^1].Name, rows[^1].Total).ShouldBe(("8", expected.Groups[3].Value, expected.Groups[4].Value));
        rows.Select(r => r.Total).Distinct().Count().ShouldBe(8);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Yardstick.slnx")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Demo_prints_the_tongliao_evaluation_and_json_carries_the_rules()
    {
        var db = Path_("demo.db");

        var (code, output, _) = await RunAsync("demo", "--db", db);

        code.ShouldBe(0);
        output.ShouldContain("通辽市“十四五”卫生健康事业发展规划");
        output.ShouldContain("合成演示数据");
        output.ShouldContain("共 24 项目标");
        output.ShouldContain("存为规划 CZ2021: 主要发展指标 0 项, 文中目标 28 项, 重点任务 24 项, 附表目标 24 项");
        // The work points' prose targets for stored indicators are judged (婴儿死亡率控制在5‰以内, 2021).
        var (czCode, cz, _) = await RunAsync("evaluate", "--db", db, "--plan", "CZ2021", "--orgunit", "150500", "--year", "2021", "--format", "json");
        czCode.ShouldBe(0);
        var czRows = JsonDocument.Parse(cz).RootElement.EnumerateArray().ToList();
        czRows.ShouldContain(r => r.GetProperty("indicator").GetString() == "infant_mortality_rate" && r.GetProperty("target_value").GetDecimal() == 5m);
        // The document's own targets follow, each judged on what is recorded: nothing yet.
        var beds = czRows.Single(r => r.TryGetProperty("item", out _) && r.GetProperty("name").GetString() == "护理型床位");
        (beds.GetProperty("kind").GetString(), beds.GetProperty("status").GetString()).ShouldBe(("count", "no_data"));
        var (_, czTable, _) = await RunAsync("evaluate", "--db", db, "--plan", "CZ2021", "--orgunit", "150500", "--year", "2021");
        czTable.ShouldContain("按登记的结果或数据元评价");
        czTable.ShouldContain("护理型床位 50张");

        var (jsonCode, json, _) = await RunAsync("evaluate", "--db", db, "--plan", "TL14", "--orgunit", "150500", "--year", "2023", "--children", "--format", "json");
        jsonCode.ShouldBe(0);
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().Where(r => !r.TryGetProperty("item", out _)).ToList();
        rows.Count.ShouldBe(24 * 9);
        var staff = rows.Single(r => r.GetProperty("indicator").GetString() == "public_health_staff_per_10000" && r.GetProperty("orgunit").GetString() == "150500");
        staff.GetProperty("target_value").GetDecimal().ShouldBe(10.842m);
        staff.GetProperty("expected").GetDecimal().ShouldBe(8.34m + (10.842m - 8.34m) * 3 / 5);
        var actual = staff.GetProperty("actual").GetDecimal();
        staff.GetProperty("progress_pct").GetDecimal().ShouldBe((actual - 8.34m) / (10.842m - 8.34m) * 100);
        var myopia = rows.First(r => r.GetProperty("indicator").GetString() == "child_adolescent_myopia_rate");
        // Issue 25: a figure whose relative target has no baseline says so; 无数据 is only for no figure.
        myopia.GetProperty("status").GetString().ShouldBe("no_baseline");
        myopia.GetProperty("status_text").GetString().ShouldBe("缺少基期值");
        foreach (var row in rows)
        {
            foreach (var key in new[] { "indicator", "orgunit", "year", "actual", "baseline", "target_value", "expected", "progress_pct", "status" })
            {
                row.TryGetProperty(key, out var _).ShouldBeTrue(key);
            }
        }
    }

    [Fact]
    public async Task A_department_records_a_document_targets_result_and_evaluate_judges_it()
    {
        var db = Path_("result.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        async Task<JsonElement> Beds()
        {
            var (_, json, _) = await RunAsync("evaluate", "--db", db, "--plan", "CZ2021", "--orgunit", "150500", "--year", "2021", "--format", "json");
            return JsonDocument.Parse(json).RootElement.EnumerateArray().Single(r => r.TryGetProperty("item", out _) && r.GetProperty("name").GetString() == "护理型床位");
        }
        var item = (await Beds()).GetProperty("item").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var evidence = Path_("床位验收.txt");
        await File.WriteAllTextAsync(evidence, "验收记录");

        var (code, output, error) = await RunAsync("result", "--db", db, "--item", item, "--orgunit", "150500", "--year", "2021", "--actual", "５２张",
            "--department", "老龄健康科", "--evidence", evidence);
        var (bad, _, badError) = await RunAsync("result", "--db", db, "--item", item, "--orgunit", "150500", "--year", "2021", "--outcome", "差不多");
        var (none, _, noneError) = await RunAsync("result", "--db", db, "--item", item);

        code.ShouldBe(0, error);
        output.ShouldContain("已登记");
        var beds = await Beds();
        (beds.GetProperty("status").GetString(), beds.GetProperty("actual").GetDecimal(), beds.GetProperty("evidence").GetString())
            .ShouldBe(("achieved", 52m, "床位验收.txt"));
        bad.ShouldBe(1);
        badError.ShouldContain("应为 达成、未达成 或 推进中");
        none.ShouldBe(1);
        noneError.ShouldContain("--actual 或 --outcome");
    }

    [Fact]
    public async Task Evaluate_an_indicator_prints_value_numerator_and_denominator()
    {
        var db = Path_("i.db");
        await RunAsync("demo", "--db", db);

        var (code, json, _) = await RunAsync("evaluate", "--db", db, "--indicator", "infant_mortality_rate", "--orgunit", "150500", "--period", "2023年", "--format", "json");

        code.ShouldBe(0);
        var e = JsonDocument.Parse(json).RootElement;
        e.GetProperty("indicator").GetString().ShouldBe("infant_mortality_rate");
        e.GetProperty("period").GetString().ShouldBe("2023");
        var numerator = e.GetProperty("numerator").GetDecimal();
        var denominator = e.GetProperty("denominator").GetDecimal();
        // Full precision: the exact quotient to 18 decimal places.
        e.GetProperty("value").GetDecimal().ShouldBe(Math.Round(numerator * 1000 / denominator, 18, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// One month entered for a year (2 infant deaths, 55 births in November): the year's evaluation says it is partial,
    /// coverage 1/12 — without a data set (the months it was reported in say how often it is owed) and with one.
    /// </summary>
    [Fact]
    public async Task Evaluate_json_says_a_year_read_from_one_month_is_partial()
    {
        var db = Path_("partial.db");
        File.WriteAllText(Path_("units.csv"), "code,name,parent,level\nC,某县,,县\nT,某镇,C,镇\nU,另一镇,C,镇\n");
        File.WriteAllText(Path_("els.csv"), "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n");
        File.WriteAllText(Path_("inds.csv"), "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n");
        File.WriteAllText(Path_("vals.csv"), "dataelement,period,orgunit,value\nlive_births,202311,T,55\ninfant_deaths,202311,T,2\n");
        var imported = await RunAsync("import", "--db", db, Path_("units.csv"), Path_("els.csv"), Path_("inds.csv"), Path_("vals.csv"));
        imported.Code.ShouldBe(0, imported.Err + imported.Out);

        async Task<JsonElement> EvaluateAsync(string unit)
        {
            var (code, json, err) = await RunAsync("evaluate", "--db", db, "--indicator", "imr", "--orgunit", unit, "--period", "2023", "--format", "json");
            code.ShouldBe(0, err);
            return JsonDocument.Parse(json).RootElement;
        }
        var township = await EvaluateAsync("T");
        township.GetProperty("partial").GetBoolean().ShouldBeTrue();
        township.GetProperty("coverage").GetDecimal().ShouldBe(0.0833m);

        // A monthly data set owed by both townships: the county has 1 of 24 township-months.
        File.WriteAllText(Path_("datasets.csv"), "code,name,period_type,elements,assign,due_days,lock_days\nmch,妇幼月报,month,live_births;infant_deaths,level:4,10,0\n");
        (await RunAsync("import", "--db", db, Path_("datasets.csv"))).Code.ShouldBe(0);
        var county = await EvaluateAsync("C");
        county.GetProperty("partial").GetBoolean().ShouldBeTrue();
        county.GetProperty("coverage").GetDecimal().ShouldBe(Math.Round(1m / 24, 4));
        county.GetProperty("expected_units").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_bad_import_exits_non_zero_and_names_file_and_line()
    {
        var db = Path_("bad.db");
        File.WriteAllText(Path_("units.csv"), "code,name,parent,level\nA,甲县,,县\n");
        File.WriteAllText(Path_("els.csv"), "code,name,value_type,agg_ou,agg_time\nbirths,活产数,count,sum,sum\n");
        File.WriteAllText(Path_("vals.csv"), "dataelement,period,orgunit,value\nbirths,2023,A,10\nbirths,2023,B,10\n");

        var (code, _, error) = await RunAsync("import", "--db", db, Path_("units.csv"), Path_("els.csv"), Path_("vals.csv"));

        code.ShouldBe(1);
        error.ShouldContain("vals.csv:3: 未知的组织机构代码 \"B\"");
        var (exportCode, _, _) = await RunAsync("export", "--db", db, "--out", Path_("out"));
        exportCode.ShouldBe(0);
        File.ReadAllLines(Path_("out/orgunits.csv")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Help_and_bad_arguments_are_explained()
    {
        var (help, text, _) = await RunAsync("--help");
        var (bad, _, error) = await RunAsync("evaluate", "--orgunit", "X");
        var (missing, _, missingError) = await RunAsync("evaluate", "--db", Path_("none.db"), "--indicator", "x", "--orgunit", "y", "--period", "2023");

        help.ShouldBe(0);
        text.ShouldContain("evaluate");
        bad.ShouldNotBe(0);
        error.ShouldContain("--indicator");
        missing.ShouldBe(1);
        missingError.ShouldContain("yardstick init");
        var (export, _, _) = await RunAsync("export", "--db", Path_("none.db"), "--out", Path_("none-out"));
        export.ShouldBe(1);
        File.Exists(Path_("none.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Read_prints_what_a_document_holds_and_refuses_garbage_clearly()
    {
        File.WriteAllText(Path_("plan.txt"), "某市卫生健康发展规划\n主要指标\n类别 | 指标 | 2020年 | 2025年 | 属性 |\n健康水平 | 1 | 婴儿死亡率(‰) | 5.34 | <10 | 预期 |\n");
        File.WriteAllBytes(Path_("binary.bin"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF]);
        File.WriteAllText(Path_("empty.txt"), "");

        var (code, json, _) = await RunAsync("read", Path_("plan.txt"));
        var (binary, _, binaryError) = await RunAsync("read", Path_("binary.bin"));
        var (empty, emptyJson, _) = await RunAsync("read", Path_("empty.txt"));

        code.ShouldBe(0);
        var indicator = JsonDocument.Parse(json).RootElement.GetProperty("indicators")[0];
        indicator.GetProperty("name").GetString().ShouldBe("婴儿死亡率");
        indicator.GetProperty("target").GetProperty("comparator").GetString().ShouldBe("<");
        indicator.GetProperty("indicator_code").GetString().ShouldBe("infant_mortality_rate");
        binary.ShouldBe(1);
        binaryError.ShouldContain("不是文档");
        empty.ShouldBe(0);
        JsonDocument.Parse(emptyJson).RootElement.GetProperty("indicators").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Read_score_verbose_groups_misses_and_false_finds_by_cause_with_their_quotes()
    {
        var corpus = Path_("corpus");
        Directory.CreateDirectory(corpus);
        File.WriteAllText(Path.Combine(corpus, "a.txt"), "某县2023年卫生健康工作要点\n剖宫产率控制在40%以内。全面落实住院分娩补助政策。\n");
        File.WriteAllText(Path.Combine(corpus, "a.expected.json"), """
            {"kind": "workpoints", "prose_targets": [
              {"name": "剖宫产率", "comparator": "<=", "value": "38", "unit": "%", "quote": "剖宫产率控制在40%以内"},
              {"name": "住院分娩补助", "comparator": "achieve", "value": "全覆盖", "quote": "全面落实住院分娩补助政策"}]}
            """);

        var (code, output, _) = await RunAsync("read", "--score", corpus, "--verbose");

        code.ShouldBe(0);
        var analysis = output[output.IndexOf("按原因分组的漏读和多读", StringComparison.Ordinal)..];
        analysis.ShouldContain("名称对上, 数值、单位或比较词不同 (1)");
        analysis.ShouldContain("应为 剖宫产率 <=|38, 读作 剖宫产率 <=|40 「剖宫产率控制在40%以内」");
        analysis.ShouldContain("所在文字没有读出任何条目 (1)");
        analysis.ShouldContain("漏 a 住院分娩补助 achieve|全覆盖 「全面落实住院分娩补助政策」");
    }

    [Fact]
    public async Task Import_plan_stores_a_reviewed_reading_once_and_refuses_a_second_time()
    {
        var db = Path_("plans.db");
        File.WriteAllText(Path_("workpoints.txt"), "某区2021年卫生健康工作要点\n1.加强妇幼健康。婴儿死亡率控制在5‰以内。(牵头领导:张三;责任处室:卫健三处)\n");
        var (readCode, json, _) = await RunAsync("read", Path_("workpoints.txt"));
        File.WriteAllText(Path_("reviewed.json"), json.Replace("卫健三处", "卫健四处", StringComparison.Ordinal));
        File.WriteAllText(Path_("broken.json"), "{ not json");

        var (code, output, _) = await RunAsync("import-plan", Path_("reviewed.json"), "--plan", "WP2021", "--db", db);
        var (again, _, againError) = await RunAsync("import-plan", Path_("workpoints.txt"), "--plan", "WP2021", "--db", db);
        var (broken, _, brokenError) = await RunAsync("import-plan", Path_("broken.json"), "--plan", "X", "--db", db);

        readCode.ShouldBe(0);
        code.ShouldBe(0);
        output.ShouldContain("规划 WP2021 \"某区2021年卫生健康工作要点\": 0 项指标, 1 项文中目标, 0 项完成情况, 0 项参照值, 0 行附表, 1 项重点任务已保存");
        again.ShouldBe(1);
        againError.ShouldContain("已存在");
        broken.ShouldBe(1);
        brokenError.ShouldContain("不是有效的识别结果 JSON");
    }

    [Fact]
    public async Task The_tongliao_report_scorecard_and_notice_are_written_and_open_in_libreoffice()
    {
        var db = Path_("demo.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        string[] plan = ["--db", db, "--plan", "TL14", "--orgunit", "150500", "--year", "2023"];

        var (report, summary, _) = await RunAsync(["report", .. plan, "--kind", "monitoring", "--out", Path_("report.docx")]);
        var (scorecard, table, _) = await RunAsync(["scorecard", .. plan, "--out", Path_("scorecard.xlsx")]);
        var (notice, _, _) = await RunAsync(["notice", .. plan, "--out", Path_("notice.docx")]);
        var (pdf, _, pdfError) = await RunAsync(["report", .. plan, "--kind", "final", "--out", Path_("final.pdf")]);
        var (badOut, _, badError) = await RunAsync(["report", .. plan, "--out", Path_("report.odt")]);

        report.ShouldBe(0);
        // 以苏木乡镇(街道)为单位…疫苗接种率 must hold for every township: the demo's two townships report 免疫规划月报 (issue 25),
        // the worst meets it; 近视率 has no baseline to derive its level from (缺少基期值, not 无数据 beside a figure).
        summary.ShouldContain("已达标9项、进度正常5项、进度滞后6项、较基期恶化1项、未达目标值2项、缺少基期值1项");
        summary.ShouldContain("文件另列计数、定性和附表目标");
        scorecard.ShouldBe(0);
        table.ShouldContain("科尔沁区");
        notice.ShouldBe(0);
        pdf.ShouldBe(0, pdfError);
        File.ReadAllBytes(Path_("final.pdf"))[..5].ShouldBe("%PDF-"u8.ToArray());
        badOut.ShouldBe(1);
        badError.ShouldContain(".docx、.xlsx 或 .pdf");
        foreach (var file in new[] { "report.docx", "scorecard.xlsx", "notice.docx" })
        {
            var render = await RunScriptAsync("render-document.sh", Path_(file), Path_("rendered"));
            render.Code.ShouldBe(0, render.Err);
            File.Exists(Path_("rendered/" + Path.GetFileNameWithoutExtension(file) + "-1.png")).ShouldBeTrue(render.Out);
        }
    }

    /// <summary>Issue 27: 考核 and 通报 asked for a group rank only the counties with a member, headed 通辽市 · 农村牧区.</summary>
    [Fact]
    public async Task The_scorecard_and_notice_restricted_to_a_group_name_only_its_counties()
    {
        var db = Path_("demo-group.db");
        (await RunAsync("demo", "--db", db)).Code.ShouldBe(0);
        string[] plan = ["--db", db, "--plan", "TL14", "--orgunit", "150500", "--year", "2023", "--group", "rural"];

        var (scorecard, table, scorecardError) = await RunAsync(["scorecard", .. plan]);
        var (notice, lines, noticeError) = await RunAsync(["notice", .. plan, "--out", Path_("notice-rural.docx")]);
        var (unknown, _, unknownError) = await RunAsync(["scorecard", "--db", db, "--plan", "TL14", "--orgunit", "150500", "--year", "2023", "--group", "nope"]);

        scorecard.ShouldBe(0, scorecardError);
        table.ShouldContain("通辽市 · 农村牧区");
        table.ShouldContain("只计机构分组「农村牧区」");
        table.ShouldContain("开鲁县");
        table.ShouldNotContain("科尔沁区");
        notice.ShouldBe(0, noticeError);
        lines.ShouldContain("通辽市 · 农村牧区: 只计机构分组「农村牧区」");
        lines.ShouldNotContain("科尔沁区:");
        unknown.ShouldBe(1);
        unknownError.ShouldContain("未知的机构分组代码 \"nope\"");
    }

    // scripts/ is found from the test binary's folder upwards (the repository root holds it).
    private static async Task<(int Code, string Out, string Err)> RunScriptAsync(string script, params string[] args)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "scripts", script)))
        {
            folder = folder.Parent;
        }
        folder.ShouldNotBeNull($"scripts/{script} not found above {AppContext.BaseDirectory}");
        return await RunProcessAsync("bash", [Path.Combine(folder.FullName, "scripts", script), .. args]);
    }
}

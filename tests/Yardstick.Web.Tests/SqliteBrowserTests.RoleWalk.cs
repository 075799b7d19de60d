using Microsoft.Playwright;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 25, point 8: every role's main pages at 1366 × 768 and 390 × 844, looked at as an officer would (the county
/// reporter 上报s its 免疫规划月报 on the way, so the city reviewer has a form to review). Each page is saved whole to
/// tests/artifacts/roles/&lt;user&gt;/&lt;page&gt;-&lt;width&gt;.png and checked: nothing wider than a phone (wide tables
/// scroll inside their box), no text stacked one or two characters a line, no short label (预期性, 标为已读) broken over
/// lines, no ISO timestamp, no internal code word, and no link of the menu ending at 无权访问. The screens do not depend
/// on the store, so this walk runs on SQLite only.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    private static readonly (string User, string Role)[] Walkers =
    [
        ("sysadmin", "系统管理员"), ("planner", "规划管理"), ("kerqin", "县区填报"), ("cityreview", "市级审核"),
        ("dalin", "乡镇填报"), ("dept", "业务处室"), ("auditor", "安全审计员"), ("secadmin", "安全管理员"), ("viewer", "只读查看"),
    ];

    private static readonly (int Width, int Height)[] ScreenSizes = [(390, 844), (1366, 768)];

    /// <summary>
    /// What an officer would trip over, measured in the page: the page wider than the screen; a text node laid out as a
    /// column of one or two characters a line (three lines or more, none wider than 2.5 em); a label of up to six
    /// characters without a space broken over lines; an ISO timestamp; a word of the code's own (status codes, null).
    /// </summary>
    private const string Trips = """
        () => {
          const found = [];
          const width = window.innerWidth;
          const scroll = document.scrollingElement.scrollWidth;
          if (scroll > width + 1) { found.push(`页面比屏幕宽: ${scroll} > ${width} px`); }
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim();
            const element = node.parentElement;
            if (text.replace(/\s/g, '').length < 3 || !element || element.closest('svg, script, style, option, select, textarea')) { continue; }
            range.selectNodeContents(node);
            const lines = new Map();
            for (const r of range.getClientRects()) {
              if (r.width > 0 && r.height > 0) { const top = Math.round(r.top); lines.set(top, Math.max(lines.get(top) || 0, r.width)); }
            }
            if (lines.size < 2) { continue; }
            const em = parseFloat(getComputedStyle(element).fontSize);
            const widest = Math.max(...lines.values());
            if (lines.size >= 3 && widest < 2.5 * em) {
              found.push(`一行不到三个字: "${text.slice(0, 16)}" (${lines.size} 行, 宽 ${Math.round(widest)} px)`);
            } else if (text.length <= 6 && !/\s/.test(text) && element.innerText.trim() === text) {
              found.push(`短标签折行: "${text}" (${lines.size} 行)`);
            }
          }
          const shown = document.body.innerText;
          const iso = shown.match(/\d{4}-\d\d-\d\dT\d\d:[^\s]*/);
          if (iso) { found.push(`ISO 时间: ${iso[0]}`); }
          const codes = shown.match(/\b(organi[sz]ation|orgunit|lagging|on_track|achieved|worsened|no_data|no_baseline|no_unit_data|not_started|submitted|approved|returned|incomplete|null|undefined|NaN|Infinity|true|false)\b/g);
          if (codes) { found.push(`内部代码: ${[...new Set(codes)].join(', ')}`); }
          return found;
        }
        """;

    /// <summary>
    /// Issue 25, point 8 and its acceptance: admin, planner, city reviewer, county and township reporter, department,
    /// auditor, security admin and viewer each open their main pages at 390 and 1366 px; every page is saved and nothing on
    /// it trips an officer up.
    /// </summary>
    [Fact]
    public async Task Issue_25_each_role_walks_its_main_pages_on_a_phone_and_a_desktop()
    {
        var tripped = new List<string>();
        var folder = Path.Combine(Artifacts.Folder, "roles");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        foreach (var (user, role) in Walkers)
        {
            var page = await SignInAsync(user, width: 390);
            var menu = await page.Locator("nav#menu a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            async Task Walk(string name, string path) => tripped.AddRange((await LookAsync(page, user, name, path)).Select(t => $"{role} {user} {name} ({path}) {t}"));

            if (menu.Contains("/"))
            {
                await Walk("dashboard", "/");
            }
            if (menu.Contains("/Cockpit"))
            {
                await Walk("cockpit", "/Cockpit?plan=TL14");
            }
            if (menu.Contains("/Warnings"))
            {
                await Walk("warnings", "/Warnings?plan=TL14");
            }
            if (menu.Contains("/Analysis"))
            {
                await Walk("analysis", "/Analysis?dx=live_births&dx=infant_deaths&pe=2021;2022;2023&rows=ou&cols=pe");
            }
            if (menu.Contains("/Entry"))
            {
                await Walk("entry", "/Entry");
                await Walk("due", "/Entry/Due");
                if (await FirstLinkAsync(page, "#owed a") is { } form)
                {
                    await Walk("form", form);
                }
                if (user == "kerqin")
                {
                    await SubmitImmunisationFormAsync(page);
                }
                if (await FirstLinkAsync(page, "#to-review a") is { } review)
                {
                    await Walk("review", review);
                }
                await Walk("completeness", "/Entry/Completeness");
            }
            if (menu.Contains("/Plans"))
            {
                await Walk("plan", "/Plans/Detail?code=TL14");
            }
            if (menu.Contains("/Tasks"))
            {
                await Walk("tasks", "/Tasks");
                // A task past 交办 has a 办理记录 to read; a draft is the next best.
                var task = await FirstLinkAsync(page, "#board section:not([data-stage='draft']) article.task a") ?? await FirstLinkAsync(page, "#board article.task a");
                if (task is not null)
                {
                    await Walk("task", task);
                }
            }
            if (menu.Contains("/Instructions"))
            {
                await Walk("instructions", "/Instructions");
                if (await FirstLinkAsync(page, "#instructions tbody a") is { } instruction)
                {
                    await Walk("instruction", instruction);
                }
            }
            if (menu.Contains("/Reports"))
            {
                await Walk("reports", "/Reports");
                await Walk("assessment", "/Reports/Assessment?plan=TL14");
            }
            await Walk("messages", "/Messages");
            if (menu.Contains("/Audit"))
            {
                await Walk("audit", "/Audit");
            }
            if (menu.Contains("/Admin/Users"))
            {
                await Walk("users", "/Admin/Users");
            }
            if (menu.Contains("/Admin/OrgUnits"))
            {
                await Walk("orgunits", "/Admin/OrgUnits");
            }
            await page.Context.CloseAsync();
        }

        // The same trip repeats on every row of a table: each is said once, with how often.
        var said = tripped.CountBy(t => t).Select(t => t.Value > 1 ? $"{t.Key} ×{t.Value}" : t.Key).ToList();
        await File.WriteAllLinesAsync(Path.Combine(folder, "trips.txt"), said);
        said.ShouldBeEmpty(string.Join("\n", said));
    }

    /// <summary>Opens the page at each screen size, saves it whole, and returns what trips an officer up on it.</summary>
    private async Task<List<string>> LookAsync(IPage page, string user, string name, string path)
    {
        var folder = Path.Combine(Artifacts.Folder, "roles", user);
        Directory.CreateDirectory(folder);
        var found = new List<string>();
        foreach (var (width, height) in ScreenSizes)
        {
            await page.SetViewportSizeAsync(width, height);
            if (width == ScreenSizes[0].Width)
            {
                var response = await page.GotoAsync(path);
                response!.Status.ShouldBe(200, $"{user} {path}");
                if (page.Url.Contains("/Account/Denied", StringComparison.Ordinal))
                {
                    found.Add("无权访问: 菜单或页面的链接通向该用户不能打开的页面");
                }
            }
            // Charts are drawn (without animation: the context asks for reduced motion) and resized to the new width.
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.ready === 'true')");
            await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
            found.AddRange((await page.EvaluateAsync<string[]>(Trips)).Select(t => $"{width}px: {t}"));
        }
        return found;
    }

    /// <summary>科尔沁区 fills and 上报 the 免疫规划月报 it owes, so the city's reviewer walks a form waiting for review.</summary>
    private static async Task SubmitImmunisationFormAsync(IPage page)
    {
        await page.GotoAsync("/Entry/Due");
        await page.Locator($"#owed tr[data-unit='{WebApp.Kerqin}']", new() { HasText = "免疫规划月报" }).GetByRole(AriaRole.Link, new() { Name = "填报" }).ClickAsync();
        await page.Locator("#v-vaccine_doses_due").FillAsync("1200");
        await page.Locator("#v-vaccine_doses_given").FillAsync("1176");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        (await page.Locator("#saved").InnerTextAsync()).ShouldContain("已保存");
        await page.Locator("#submit-report").ClickAsync();
        (await page.Locator("#report-state").InnerTextAsync()).ShouldContain("已上报");
    }

    private static async Task<string?> FirstLinkAsync(IPage page, string selector)
    {
        var links = page.Locator(selector);
        return await links.CountAsync() > 0 ? await links.First.GetAttributeAsync("href") : null;
    }
}

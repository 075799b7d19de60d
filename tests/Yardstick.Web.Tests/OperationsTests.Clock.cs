using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Model;

namespace Yardstick.Web.Tests;

/// <summary>One clock: the commission's "today" is the same on the pages and in the API, whatever the UTC date.</summary>
public abstract partial class OperationsTests
{
    [Fact]
    public async Task Issue_30_a_task_due_yesterday_is_overdue_at_half_past_midnight_Beijing_time_on_the_page_and_in_the_api()
    {
        // 00:30 in Beijing is 16:30 UTC the day before: by the UTC date the deadline would still be today.
        var today = LocalClock.Today(TimeProvider.System).AddDays(1);
        var deadline = today.AddDays(-1);
        var clock = new FakeTimeProvider(new DateTimeOffset(today.ToDateTime(new TimeOnly(0, 30)), TimeSpan.FromHours(8)).ToUniversalTime());
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ShouldBe(deadline);
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var created = await planner.PostAsync("/api/tasks", System.Net.Http.Json.JsonContent.Create(new
        {
            title = "零点半已逾期的任务",
            plan = "CZ2021",
            leads = new[] { WebApp.ThirdOffice },
            deadline = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        await using var midnight = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", app.Provider);
            b.UseSetting("Yardstick:ConnectionString", app.Connection);
            b.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        using var api = midnight.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.TokenAsync("planner"));
        using var browser = midnight.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebApp.UntilReadyAsync(midnight);

        var one = JsonDocument.Parse(await api.GetStringAsync($"/api/tasks/{id}")).RootElement;
        var listed = JsonDocument.Parse(await api.GetStringAsync("/api/tasks?plan=CZ2021")).RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == id);
        var signIn = await WebApp.PostFormAsync(browser, "/Account/Login", "/Account/Login", new() { ["userName"] = "planner", ["password"] = WebApp.Password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await browser.GetStringAsync($"/Tasks/Detail?id={id}");

        one.GetProperty("light").GetString().ShouldBe("逾期");
        listed.GetProperty("light").GetString().ShouldBe("逾期");
        page.ShouldContain($"{deadline:yyyy-MM-dd} 逾期");
    }
}

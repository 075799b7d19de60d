using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// Sign-in is rate-limited per client address: the eleventh post in a minute gets 429, whoever it names — and however
/// the client rotates X-Forwarded-For, which is believed only from configured proxies (a real loopback connection here).
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task The_eleventh_sign_in_attempt_in_a_minute_is_refused_with_429()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yardstick-rate-{Guid.NewGuid():N}.db");
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("Yardstick:ConnectionString", file);
                b.UseSetting("Yardstick:SeedDemo", "false");
                b.UseUrls($"http://127.0.0.1:{PostgresServer.FreePort()}");
            });
            factory.UseKestrel();
            factory.StartServer();
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = factory.ClientOptions.BaseAddress,
            };
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 11; i++)
            {
                client.DefaultRequestHeaders.Remove("X-Forwarded-For");
                client.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.0.0.{i + 1}");
                var page = await client.GetStringAsync("/Account/Login");
                var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["userName"] = $"guess{i}",
                    ["password"] = "Wrong-Pass-1",
                    ["__RequestVerificationToken"] = AntiForgeryToken.From(page),
                }));
                statuses.Add(response.StatusCode);
            }
            statuses.Take(10).ShouldAllBe(s => s == HttpStatusCode.OK);
            statuses[10].ShouldBe(HttpStatusCode.TooManyRequests);
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm", file + ".engine", file + ".key" })
            {
                File.Delete(f);
            }
        }
    }
}

/// <summary>Idle sign-out: 20 minutes without a request end the session; each request within them extends it.</summary>
public sealed class IdleSignOutTests
{
    [Fact]
    public async Task Twenty_idle_minutes_sign_the_user_out_and_activity_keeps_them_in()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yardstick-idle-{Guid.NewGuid():N}.db");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("Yardstick:ConnectionString", file);
                b.UseSetting("Yardstick:SeedDemo", "false");
                b.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
            });
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<Data.YardstickDb>();
                var units = new Data.Interchange.SourceTable("units.csv", Data.Interchange.InterchangeKind.OrgUnits,
                    [new Data.Interchange.SourceRow(2, new Dictionary<string, string> { ["code"] = "150500", ["name"] = "通辽市", ["parent"] = "", ["level"] = "市" })]);
                (await new Data.Interchange.Importer(db, clock).ImportAsync([units], "test", "units")).Succeeded.ShouldBeTrue();
                (await Data.Access.UserAccounts.CreateAsync(scope.ServiceProvider, db, "idle", "viewer", "150500", WebApp.Password, false, clock.GetUtcNow())).ShouldBeEmpty();
            }
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var login = await client.GetStringAsync("/Account/Login");
            var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "idle",
                ["password"] = WebApp.Password,
                ["__RequestVerificationToken"] = AntiForgeryToken.From(login),
            }));
            signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            for (var i = 0; i < 3; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(15));
                (await client.GetAsync("/Plans")).StatusCode.ShouldBe(HttpStatusCode.OK, $"active after {15 * (i + 1)} minutes");
            }
            clock.Advance(TimeSpan.FromMinutes(21));
            var idle = await client.GetAsync("/Plans");
            idle.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            idle.Headers.Location!.ToString().ShouldContain("/Account/Login");
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm", file + ".engine", file + ".key" })
            {
                File.Delete(f);
            }
        }
    }
}

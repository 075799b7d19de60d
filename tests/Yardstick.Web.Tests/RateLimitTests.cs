using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Yardstick.Web.Tests;

/// <summary>Sign-in is rate-limited per client address: the eleventh post in a minute gets 429, whoever it names.</summary>
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
            });
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 11; i++)
            {
                var page = await client.GetStringAsync("/Account/Login");
                var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["userName"] = $"guess{i}",
                    ["password"] = "Wrong-Pass-1",
                    ["__RequestVerificationToken"] = WebApp.AntiForgery(page),
                }));
                statuses.Add(response.StatusCode);
            }
            statuses.Take(10).ShouldAllBe(s => s == HttpStatusCode.OK);
            statuses[10].ShouldBe(HttpStatusCode.TooManyRequests);
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}

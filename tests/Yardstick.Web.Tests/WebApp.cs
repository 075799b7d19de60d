using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Interchange;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// The real web app on a real Kestrel port, on a fresh database seeded with the demo, plus two townships under 科尔沁区
/// and one user per role. Subclasses choose the store: the same tests run on SQLite and on PostgreSQL.
/// </summary>
public abstract partial class WebApp : IAsyncLifetime
{
    public const string Password = "Test-Pass-2026";

    /// <summary>Two sibling townships under 科尔沁区 (150502), added to the demo's city and counties.</summary>
    public const string Dalin = "150502101";
    public const string Qianjia = "150502102";
    public const string Kerqin = "150502";
    public const string Kailu = "150523";
    public const string City = "150500";

    /// <summary>Two of the demo commission's departments (处室): 卫健三处 and 卫健二处, each with its own user.</summary>
    public const string ThirdOffice = "150500D3";
    public const string SecondOffice = "150500D2";

    /// <summary>User name → (role, scope).</summary>
    public static readonly IReadOnlyDictionary<string, (string Role, string Scope)> Users = new Dictionary<string, (string, string)>
    {
        ["sysadmin"] = (Roles.Admin, City),
        ["secadmin"] = (Roles.Security, City),
        ["auditor"] = (Roles.Auditor, City),
        ["planner"] = (Roles.Planner, City),
        ["dept"] = (Roles.Department, City),
        ["viewer"] = (Roles.Viewer, City),
        ["kerqin"] = (Roles.Reporter, Kerqin),
        ["dalin"] = (Roles.Reporter, Dalin),
        ["qianjia"] = (Roles.Reporter, Qianjia),
        ["kerqinreview"] = (Roles.Reviewer, Kerqin),
        ["cityreview"] = (Roles.Reviewer, City),
        ["office3"] = (Roles.Department, ThirdOffice),
        ["office2"] = (Roles.Department, SecondOffice),
    };

    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = new("http://localhost");
    public string Connection { get; private set; } = "";
    public IServiceProvider Services => _factory!.Services;

    /// <summary>The 统一身份认证 provider the app is configured with (on loopback, started with the app).</summary>
    public Access.LoopbackOidcProvider SignOnProvider { get; private set; } = null!;
    public abstract string Provider { get; }

    protected abstract Task<string> ConnectionAsync();

    public async Task InitializeAsync()
    {
        var connection = Connection = await ConnectionAsync();
        var signOn = SignOnProvider = await Access.LoopbackOidcProvider.StartAsync();
        var port = PostgresServer.FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", Provider);
            b.UseSetting("Yardstick:ConnectionString", connection);
            b.UseSetting("Yardstick:SeedDemo", "true");
            // The suite signs in dozens of times a minute from one address; the limit itself has its own test.
            b.UseSetting("Yardstick:SignInAttemptsPerMinute", "10000");
            // Short enough for the busy-writer test to see its 503 quickly, long enough for the suite's own writes.
            b.UseSetting("Yardstick:WriterWaitSeconds", "5");
            // The scheduled job (reminders, red-light drafts) off: a suite's shared app lives past its five minutes, and a run
            // landing mid-test would add messages, tasks and audit rows that a test counts. Tests run its steps themselves.
            b.UseSetting("Yardstick:ReminderIntervalSeconds", "0");
            b.UseUrls($"http://127.0.0.1:{port}");
            // The address a browser would write in Origin, as a deployment configures it (CrossSiteWrites compares with it).
            b.UseSetting("Yardstick:SiteAddress", $"http://127.0.0.1:{port}, http://localhost:{port}");
            // 统一身份认证 against the loopback provider, matched by the staff number an administrator sets on the account.
            b.UseSetting("Yardstick:Oidc:Authority", signOn.Issuer.ToString());
            b.UseSetting("Yardstick:Oidc:ClientId", Access.LoopbackOidcProvider.ClientId);
            b.UseSetting("Yardstick:Oidc:ClientSecret", Access.LoopbackOidcProvider.ClientSecret);
            b.UseSetting("Yardstick:Oidc:Claim", "staff_no");
            b.UseSetting("Yardstick:Oidc:MatchBy", "ExternalId");
        });
        _factory.UseKestrel();
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
        await Healthz.WaitAsync(BaseAddress, TimeSpan.FromMinutes(2));

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        // The demo has 科尔沁区's two townships (大林镇, 钱家店镇): the reporters below work there.
        db.OrgUnits.Count(u => u.Code == Dalin || u.Code == Qianjia).ShouldBe(2);
        foreach (var (name, (role, unit)) in Users)
        {
            var errors = await UserAccounts.CreateAsync(scope.ServiceProvider, db, name, role, unit, Password, mustChangePassword: false, DateTimeOffset.UtcNow);
            errors.ShouldBeEmpty();
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (SignOnProvider is not null)
        {
            await SignOnProvider.DisposeAsync();
        }
    }

    /// <summary>A client with its own cookie jar that does not follow redirects (so tests see them).</summary>
    public HttpClient Client(CookieContainer? jar = null)
    {
        var handler = new HttpClientHandler { CookieContainer = jar ?? new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>Signs in through the real form (anti-forgery token included) and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password = Password, CookieContainer? jar = null)
    {
        var client = Client(jar);
        var response = await PostFormAsync(client, "/Account/Login", "/Account/Login", new() { ["userName"] = user, ["password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {user} failed: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>GETs <paramref name="formPage"/> for its anti-forgery token, then posts the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = AntiForgeryToken.From(page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// 统一身份认证 without a browser: <paramref name="person"/> signs in at the loopback provider, and the walk through it and
    /// back follows every redirect with one cookie jar for both sites. Returns a client with that jar (not following redirects)
    /// and the page the walk ended on.
    /// </summary>
    public async Task<(HttpClient Client, string Page)> SignOnAsync(string person)
    {
        SignOnProvider.Next = person;
        var jar = new CookieContainer();
        using var walk = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = true }) { BaseAddress = BaseAddress };
        var response = await walk.GetAsync("/Account/SignOn");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (Client(jar), await response.Content.ReadAsStringAsync());
    }

    public async Task<string> TokenAsync(string user)
    {
        await using var scope = Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<AccessDb>();
        var holder = access.Users.Single(u => u.UserName == user);
        return await IdentityRules.CreateTokenAsync(access, holder, "test", DateTimeOffset.UtcNow);
    }

    public HttpClient TokenClient(string token)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until an instance's live engine has loaded (pages and the API answer 503 数据加载中 before).</summary>
    public static async Task UntilReadyAsync(WebApplicationFactory<Program> instance)
    {
        var live = instance.Services.GetRequiredService<Data.Values.LiveEngine>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!live.IsReady)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(2), "the live engine did not load");
            await Task.Delay(20);
        }
    }

    public async Task<T> WithDbAsync<T>(Func<YardstickDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<YardstickDb>());
    }

}

public sealed class SqliteWebApp : WebApp
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"yardstick-web-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    protected override Task<string> ConnectionAsync() => Task.FromResult(_file);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm", _file + ".engine", _file + ".key" })
        {
            File.Delete(f);
        }
    }
}

public sealed class PostgresWebApp : WebApp
{
    public override string Provider => "PostgreSQL";

    // Pooled, as a deployment's connection string is by default.
    protected override async Task<string> ConnectionAsync() =>
        new Npgsql.NpgsqlConnectionStringBuilder(await (await SharedPostgres.ServerAsync()).NewDatabaseAsync()) { Pooling = true }.ToString();
}

/// <summary>One throwaway PostgreSQL cluster for the whole test run, stopped when the process exits.</summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(async () =>
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().GetAwaiter().GetResult();
        return server;
    });

    public static Task<PostgresServer> ServerAsync() => Server.Value;
}

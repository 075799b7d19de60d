using Yardstick.Web.Access;
using Yardstick.Web.Api;
using Yardstick.Web.Hosting;

// The app's own folder is its content root wherever it is started from (a published app run from another directory keeps
// its CSS and scripts); a build run by `dotnet run` has no wwwroot beside it and keeps the project folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null,
});
builder.Logging.AddJsonLogs();
var options = builder.Configuration.GetSection("Yardstick").Get<YardstickOptions>() ?? new YardstickOptions();
var location = options.Location();
Yardstick.Core.Model.LocalClock.Use(options.TimeZone);     // the zone, once per process; the instant is the DI TimeProvider

builder.Services.AddStoreAndEngine(options, location);   // Hosting/HostingSetup: the store, the live engine, the jobs
var keyFile = builder.Services.AddAccess(options, location);   // Access/AccessSetup: accounts, sessions, keys, policies
builder.Services.AddScreens();                            // Hosting/HostingSetup: pages, OpenAPI, problem details

var app = builder.Build();
if (keyFile.Created)
{
    app.Logger.LogWarning("已生成数据保护密钥文件 {Path}: 它加密数据库中的登录密钥; 请单独备份 (不要与数据库备份放在一起), 多个实例须使用同一个文件 (Yardstick__KeyFile)", keyFile.Path);
}
await Startup.PrepareAsync(app.Services, options, app.Logger);   // migrations, the demo, the first accounts (timed, logged)

app.UseTrustedProxies(options);
app.UseChineseProblems();
app.UseSecurityHeaders();
app.UseChineseFirst();
app.UseStaticFiles();
app.UseRouting();
app.UseBodyChecks();
app.UseAccess();
app.UseMiddleware<WarmingGate>();
app.MapHealthAndIcon();
app.MapOpenApi().RequireAuthorization();
app.MapApi();                                                // Api/<Feature>Api.cs, one file per feature
app.MapRazorPages();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
    $"Yardstick 已启动: {string.Join(" ", app.Urls)}  ({(location.SqlitePath is { } file ? "SQLite " + Path.GetFullPath(file) : "PostgreSQL")}; "
    + $"进程启动后 {(TimeProvider.System.GetUtcNow() - System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime()).TotalSeconds:F1} s; Ctrl+C 停止)"));
await app.RunAsync();

/// <summary>The web host, public for the tests' WebApplicationFactory.</summary>
public partial class Program;

using System.Collections.Concurrent;
using System.Net;

namespace Yardstick.Testing;

/// <summary>
/// A group-chat robot on loopback (HttpListener): records each post (path with query, body) and answers with the status
/// <see cref="Answer"/> gives for the n-th post to a path (200 and <c>{"errcode":0,"errmsg":"ok"}</c> by default).
/// </summary>
public sealed class LoopbackRobot : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly Task _loop;

    public LoopbackRobot()
    {
        Port = PostgresServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Address(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    /// <summary>(path, n-th post to it, from 1) → status code.</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => 200;

    public ConcurrentQueue<(string Path, string Query, string Body)> Posts { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                Posts.Enqueue((path, context.Request.Url.Query, await reader.ReadToEndAsync()));
            }
            var status = Answer(path, _counts.AddOrUpdate(path, 1, (_, n) => n + 1));
            context.Response.StatusCode = status;
            var body = System.Text.Encoding.UTF8.GetBytes(status == 200 ? """{"errcode":0,"errmsg":"ok"}""" : "服务暂不可用");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

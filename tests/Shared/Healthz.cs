using System.Diagnostics;

namespace Yardstick.Testing;

/// <summary>Waits, as a load balancer would, until the app's /healthz answers "ok" (its live engine has loaded).</summary>
public static class Healthz
{
    /// <returns>How long it took.</returns>
    public static async Task<TimeSpan> WaitAsync(Uri baseAddress, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var last = "";
        while (clock.Elapsed < timeout)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                last = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"/healthz not ok after {timeout}: {last}");
    }
}

using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AsyncHttp.TestServer;

namespace AsyncHttp.Tests;

/// <summary>One test server on loopback for the whole test run; tests keep apart by run names and counter keys of their own.</summary>
public static class SharedServer
{
    private static readonly Lazy<Task<TestServerHost>> Host = new(() => TestServerHost.StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly HttpClient Probe = new();

    public static TestServerHost Get() => Host.Value.GetAwaiter().GetResult();

    public static Uri BaseUri => Get().BaseUri;

    /// <summary>A run name no other test uses.</summary>
    public static string NewRun(string prefix = "run") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Waits until the server has no request of the run in flight; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitIdleAsync(string run, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Get().Stats(run).InFlight > 0 && clock.Elapsed < limit)
        {
            await Task.Delay(10);
        }
        return clock.Elapsed;
    }

    /// <summary>The hit times (ms after the first) the server recorded for a counter key.</summary>
    public static async Task<double[]> HitsAsync(string key)
    {
        string json = await Probe.GetStringAsync(new Uri(BaseUri, "hits/" + key));
        using JsonDocument document = JsonDocument.Parse(json);
        var times = document.RootElement.GetProperty("times");
        var result = new double[times.GetArrayLength()];
        int i = 0;
        foreach (JsonElement time in times.EnumerateArray())
        {
            result[i++] = time.GetDouble();
        }
        return result;
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.Tests.Engine;

/// <summary>Drives a <see cref="RequestRunner"/> as the cmdlet does, from one thread, and collects every result.</summary>
internal static class EngineRunner
{
    public static async Task<List<HttpResult>> RunAsync(HttpSession session, IEnumerable<RequestSpec> specs, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var results = new List<HttpResult>();
        using var runner = new RequestRunner(session, options ?? new RunOptions(), cancellationToken);
        foreach (RequestSpec spec in specs)
        {
            if (!runner.Admit())
            {
                continue;
            }
            while (!runner.HasRoom)
            {
                await runner.WaitAsync(cancellationToken);
                Drain(runner, results);
            }
            runner.Submit(spec);
            Drain(runner, results);
        }
        while (runner.Pending > 0)
        {
            Drain(runner, results);
            if (runner.Pending > 0)
            {
                await runner.WaitAsync(cancellationToken);
            }
        }
        return results;
    }

    public static async Task<HttpResult> OneAsync(HttpSession session, string uri, RunOptions? options = null, string? method = null, IList<KeyValuePair<string, string>>? headers = null)
    {
        var results = await RunAsync(session, new[] { new RequestSpec { Uri = uri, Method = method, Headers = headers } }, options);
        return results[0];
    }

    /// <summary>A session with short retry delays, so that retry tests stay quick.</summary>
    public static HttpSession Session(Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseUri = SharedServer.BaseUri };
        options.Resilience.RetryInterval = TimeSpan.FromMilliseconds(100);
        configure?.Invoke(options);
        return new HttpSession(options);
    }

    private static void Drain(RequestRunner runner, List<HttpResult> results)
    {
        while (runner.TryTake(out HttpResult result))
        {
            results.Add(result);
        }
    }
}

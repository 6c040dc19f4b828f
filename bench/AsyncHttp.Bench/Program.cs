using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.Bench;

/// <summary>
/// Usage: AsyncHttp.Bench [--rounds N] [--scenario NAME]... [--trace true] | --soak N | --stream true | --websocket true
/// Starts the test server in its own process, then for each scenario alternates raw HttpClient and
/// Invoke-ConcurrentRequest (hosted PowerShell engine, results consumed by the pipeline) for N rounds,
/// and prints medians and ratios as a Markdown table. --trace true adds the engine and the cmdlet with a session
/// -TraceFile (every event written as a JSON line), to measure what tracing costs when it is on.
/// </summary>
public static class Program
{
    private static readonly Scenario[] Scenarios =
    {
        new("small", "/small", Requests: 5000, Concurrency: 64),
        new("small-20k", "/small", Requests: 20000, Concurrency: 64),
        new("delay50", "/delay/50", Requests: 2000, Concurrency: 100),
    };

    public static async Task<int> Main(string[] args)
    {
        int rounds = 5;
        int soak = 0;
        bool stream = false;
        bool websocket = false;
        bool trace = false;
        var chosen = new List<string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--rounds") rounds = int.Parse(args[i + 1]);
            else if (args[i] == "--scenario") chosen.Add(args[i + 1]);
            else if (args[i] == "--soak") soak = int.Parse(args[i + 1]);
            else if (args[i] == "--stream") stream = args[i + 1] == "true";
            else if (args[i] == "--websocket") websocket = args[i + 1] == "true";
            else if (args[i] == "--trace") trace = args[i + 1] == "true";
        }
        string root = FindRoot();
        using var server = TestServerProcess.Start(root);
        Console.WriteLine($"Test server {server.BaseUri}; {Environment.ProcessorCount} cores; {rounds} rounds; median of each.");

        using Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        Invoke(runspace, $"Import-Module '{Path.Combine(root, "out", "AsyncHttp", "AsyncHttp.psd1")}' -ErrorAction Stop");

        if (websocket)
        {
            await WebSocketBench.RunAsync(runspace, server.BaseUri, rounds);
            return 0;
        }
        if (stream)
        {
            await StreamBench.RunAsync(runspace, server.BaseUri, rounds);
            return 0;
        }
        if (soak > 0)
        {
            Soak.Run(runspace, server.BaseUri, soak);
            return 0;
        }

        Console.WriteLine();
        Console.WriteLine("| scenario | contender | wall (median) | rate | CPU of this process | rate vs raw HttpClient |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (Scenario scenario in Scenarios.Where(s => chosen.Count == 0 || chosen.Contains(s.Name)))
        {
            string url = server.BaseUri + scenario.Path.TrimStart('/');
            var contenders = new List<(string Name, Func<Task<TimeSpan>> Run)>
            {
                ("raw HttpClient (C#)", () => RawHttpClient.RunAsync(url, scenario.Requests, scenario.Concurrency)),
                ("engine alone (C#)", () => Engine(EngineSession, url, scenario.Requests, scenario.Concurrency)),
                ("Invoke-ConcurrentRequest", () => Task.FromResult(Module(runspace, url, scenario.Requests, scenario.Concurrency))),
            };
            if (trace)
            {
                Invoke(runspace, $"if (-not $traced) {{ $traced = New-HttpSession -TraceFile '{ModuleTracePath.Value}' }}");
                contenders.Add(("engine, -TraceFile on (C#)", () => Engine(TracedSession.Value, url, scenario.Requests, scenario.Concurrency)));
                contenders.Add(("Invoke-ConcurrentRequest -TraceFile", () => Task.FromResult(Module(runspace, url, scenario.Requests, scenario.Concurrency, traced: true))));
            }
            // Warm every contender: connections, JIT tiers, the module's first run.
            foreach (var contender in contenders)
            {
                await contender.Run();
            }
            var samples = contenders.Select(_ => new List<(TimeSpan Wall, TimeSpan Cpu)>()).ToArray();
            for (int round = 0; round < rounds; round++)
            {
                for (int c = 0; c < contenders.Count; c++)
                {
                    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    TimeSpan wall = await contenders[c].Run();
                    samples[c].Add((wall, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore));
                }
            }
            TimeSpan rawWall = Median(samples[0].Select(x => x.Wall));
            for (int c = 0; c < contenders.Count; c++)
            {
                TimeSpan wall = Median(samples[c].Select(x => x.Wall));
                TimeSpan cpu = Median(samples[c].Select(x => x.Cpu));
                Console.WriteLine($"| {scenario.Name}: {scenario.Requests} GETs of {scenario.Path} at {scenario.Concurrency} | {contenders[c].Name} | " +
                    $"{wall.TotalMilliseconds:0} ms | {scenario.Requests / wall.TotalSeconds:0} req/s | {cpu.TotalMilliseconds:0} ms | {rawWall / wall:0.00}x |");
            }
        }
        return 0;
    }

    private static readonly HttpSession EngineSession = new(new SessionOptions());

    private static readonly Lazy<string> ModuleTracePath = new(() => TracePath("module"));

    private static readonly Lazy<HttpSession> TracedSession = new(() => new HttpSession(new SessionOptions { TraceFile = TracePath("engine") }));

    /// <summary>A fresh trace file in the temporary folder, deleted when the process ends.</summary>
    private static string TracePath(string name)
    {
        string path = Path.Combine(Path.GetTempPath(), $"asynchttp-bench-{name}-{Environment.ProcessId}.jsonl");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }

    /// <summary>The engine alone, driven from C# as the cmdlet drives it: what the module costs before PowerShell.</summary>
    private static async Task<TimeSpan> Engine(HttpSession session, string url, int requests, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        int ok = 0;
        using var runner = new RequestRunner(session, new RunOptions { ThrottleLimit = concurrency }, CancellationToken.None);
        void Drain()
        {
            while (runner.TryTake(out HttpResult result))
            {
                if (result.IsSuccess) ok++;
            }
        }
        for (int i = 0; i < requests; i++)
        {
            while (!runner.HasRoom)
            {
                await runner.WaitAsync(CancellationToken.None);
                Drain();
            }
            runner.Submit(new RequestSpec { Uri = url });
            Drain();
        }
        while (runner.Pending > 0)
        {
            Drain();
            if (runner.Pending > 0) await runner.WaitAsync(CancellationToken.None);
        }
        clock.Stop();
        if (ok != requests) throw new InvalidOperationException($"Only {ok} of {requests} engine requests succeeded.");
        return clock.Elapsed;
    }

    private static TimeSpan Module(Runspace runspace, string url, int requests, int concurrency, bool traced = false)
    {
        string session = traced ? " -Session $traced" : string.Empty;
        // The input is made before the clock starts; the clock covers the call and the pipeline consuming its results.
        runspace.SessionStateProxy.SetVariable("urls", Enumerable.Repeat(url, requests).ToArray());
        var output = Invoke(runspace, $$"""
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ok = 0
            $urls | Invoke-ConcurrentRequest -ThrottleLimit {{concurrency}}{{session}} | ForEach-Object { if ($_.IsSuccess) { $ok++ } }
            $clock.Stop()
            $clock.Elapsed
            $ok
            """);
        var elapsed = (TimeSpan)output[0].BaseObject;
        int ok = (int)output[1].BaseObject;
        if (ok != requests)
        {
            throw new InvalidOperationException($"Only {ok} of {requests} requests succeeded.");
        }
        return elapsed;
    }

    internal static System.Collections.ObjectModel.Collection<PSObject> Invoke(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        var output = shell.AddScript(script).Invoke();
        if (shell.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, shell.Streams.Error));
        }
        return output;
    }

    private static string Describe(TimeSpan elapsed, int requests) =>
        $"{elapsed.TotalMilliseconds:0} ms ({requests / elapsed.TotalSeconds:0} req/s)";

    private static TimeSpan Median(IEnumerable<TimeSpan> values) => values.OrderBy(v => v).ElementAt(values.Count() / 2);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncHttp.psd1")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository.");
    }

    private sealed record Scenario(string Name, string Path, int Requests, int Concurrency);
}

/// <summary>The baseline: HttpClient over SocketsHttpHandler, the same bound on concurrency, every body read as text.</summary>
internal static class RawHttpClient
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task<TimeSpan> RunAsync(string url, int requests, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        int ok = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, token) =>
        {
            using HttpResponseMessage response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token);
            await response.Content.ReadAsStringAsync(token);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref ok);
            }
        });
        clock.Stop();
        if (ok != requests)
        {
            throw new InvalidOperationException($"Only {ok} of {requests} raw requests succeeded.");
        }
        return clock.Elapsed;
    }
}

/// <summary>The test server in a process of its own, so that its work is not counted against either side's process.</summary>
internal sealed class TestServerProcess : IDisposable
{
    private readonly Process _process;

    private TestServerProcess(Process process, string baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public string BaseUri { get; }

    public static TestServerProcess Start(string root)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(root, "out", "TestServer", "AsyncHttp.TestServer.dll"));
        start.ArgumentList.Add("--parent-pid");
        start.ArgumentList.Add(Environment.ProcessId.ToString());
        Process process = Process.Start(start)!;
        string line = process.StandardOutput.ReadLine() ?? string.Empty;
        if (!line.StartsWith("Listening on ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException("The test server did not start: " + line);
        }
        return new TestServerProcess(process, line.Split(' ')[2]);
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}

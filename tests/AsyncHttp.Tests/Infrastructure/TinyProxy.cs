using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace AsyncHttp.Tests;

/// <summary>
/// A real HTTP proxy, Debian's tinyproxy, started on 127.0.0.1 for a test and ended by its PID.
/// .ci/run installs it; without it the proxy tests fail and say so.
/// </summary>
public sealed class TinyProxy : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private TinyProxy(Process process, string folder, Uri uri)
    {
        _process = process;
        _folder = folder;
        Uri = uri;
    }

    public Uri Uri { get; }

    public static TinyProxy Start(string? user = null, string? password = null)
    {
        string executable = File.Exists("/usr/bin/tinyproxy") ? "/usr/bin/tinyproxy"
            : throw new InvalidOperationException("tinyproxy is not installed: apt-get install tinyproxy (.ci/run does).");
        int port = Engine.FaultTests.ClosedPort();
        string folder = Directory.CreateTempSubdirectory("asynchttp-proxy-").FullName;
        string config = Path.Combine(folder, "tinyproxy.conf");
        File.WriteAllText(config, $"""
            Port {port}
            Listen 127.0.0.1
            Timeout 30
            MaxClients 200
            Allow 127.0.0.1
            LogLevel Warning
            {(user is null ? string.Empty : $"BasicAuth {user} {password}")}
            """);
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return new TinyProxy(process, folder, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    break;
                }
                Thread.Sleep(20);
            }
        }
        process.Kill();
        throw new InvalidOperationException($"tinyproxy did not start on port {port}.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

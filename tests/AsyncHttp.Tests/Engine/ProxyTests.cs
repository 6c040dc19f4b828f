using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>Requests through a real proxy (tinyproxy) on loopback.</summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task Requests_go_through_the_session_proxy()
    {
        using TinyProxy proxy = TinyProxy.Start();
        using HttpSession session = EngineRunner.Session(o => o.Proxy = proxy.Uri);
        HttpResult result = await EngineRunner.OneAsync(session, "echo");

        Assert.True(result.IsSuccess, result.Error?.Message);
        using JsonDocument echo = JsonDocument.Parse((string)result.Content!);
        Assert.Contains("tinyproxy", echo.RootElement.GetProperty("headers").GetProperty("Via").GetString());
    }

    [Fact]
    public async Task Https_goes_through_the_proxy_as_a_CONNECT_tunnel()
    {
        using TinyProxy proxy = TinyProxy.Start();
        using HttpSession session = EngineRunner.Session(o => { o.Proxy = proxy.Uri; o.SkipCertificateCheck = true; });
        HttpResult result = await EngineRunner.OneAsync(session, new Uri(SharedServer.Get().TlsUri, "json").ToString());

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task A_proxy_that_wants_credentials_gives_Kind_Proxy_without_them_and_success_with_them()
    {
        using TinyProxy proxy = TinyProxy.Start("relay", "p4ss-word");
        using HttpSession without = EngineRunner.Session(o => o.Proxy = proxy.Uri);
        using HttpSession with = EngineRunner.Session(o => { o.Proxy = proxy.Uri; o.ProxyCredential = new NetworkCredential("relay", "p4ss-word"); });

        HttpResult refused = await EngineRunner.OneAsync(without, "echo");
        HttpResult accepted = await EngineRunner.OneAsync(with, "echo");

        Assert.Equal(ErrorKind.Proxy, refused.Error!.Kind);
        Assert.Equal(407, refused.StatusCode);
        Assert.True(accepted.IsSuccess, accepted.Error?.Message);
        Assert.DoesNotContain("p4ss-word", accepted.Content as string);
    }

    [Fact]
    public void A_NoProxy_session_goes_around_the_environment_proxy_that_a_default_session_takes()
    {
        using TinyProxy proxy = TinyProxy.Start();
        string output = RunWithProxyEnvironment(proxy, $$"""
            Import-Module '{{RepoPaths.ModuleManifest}}'
            $default = New-HttpSession
            $direct = New-HttpSession -NoProxy
            "default=$((Invoke-ConcurrentRequest '{{SharedServer.BaseUri}}echo' -Session $default -AsJson).Content.headers.Via)"
            "direct=$((Invoke-ConcurrentRequest '{{SharedServer.BaseUri}}echo' -Session $direct -AsJson).Content.headers.Via)"
            """);

        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("tinyproxy", Assert.Single(lines, l => l.StartsWith("default=", StringComparison.Ordinal)));
        Assert.Equal("direct=", Assert.Single(lines, l => l.StartsWith("direct=", StringComparison.Ordinal)));
    }

    /// <summary>Runs a script in the project's pinned pwsh, in a child process whose HTTP_PROXY is the proxy; returns its output.</summary>
    private static string RunWithProxyEnvironment(TinyProxy proxy, string script)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        foreach (string argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HTTP_PROXY"] = proxy.Uri.ToString();
        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        string errors = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000));
        Assert.True(child.ExitCode == 0, errors);
        return output;
    }

    [Fact]
    public void The_standard_proxy_environment_variables_are_honoured()
    {
        using TinyProxy proxy = TinyProxy.Start();
        // The project's pinned pwsh (.config/dotnet-tools.json), in a child process with its own environment.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root,
        };
        foreach (string argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command",
            $"Import-Module '{RepoPaths.ModuleManifest}'; (Invoke-ConcurrentRequest '{SharedServer.BaseUri}echo' -AsJson).Content.headers.Via" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HTTP_PROXY"] = proxy.Uri.ToString();
        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        string errors = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000));

        Assert.True(child.ExitCode == 0, errors);
        Assert.Contains("tinyproxy", output);
    }
}

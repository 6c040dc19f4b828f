using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

[Collection("PowerShell")]
public sealed class SecretsAndSharingTests : HostedTest
{
    [Fact]
    public void Secrets_never_appear_in_verbose_output_errors_error_records_or_ToString()
    {
        var run = Ps.Run("""
            $token = ConvertTo-SecureString 'tok-VERYSECRET' -AsPlainText -Force
            $session = New-HttpSession -BaseUri "$Server/" -Token $token -AllowUnencryptedAuthentication -Headers @{ 'X-Api-Key' = 'key-VERYSECRET' } -Verbose
            $ok = Invoke-ConcurrentRequest 'cookies/set?sid=cookie-VERYSECRET' -Session $session -Verbose
            $bad = Invoke-ConcurrentRequest 'status/500', 'http://user:pw-VERYSECRET@127.0.0.1:1/' -Session $session -MaximumRetryCount 0 -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue
            "$session"; "$ok"; $bad | ForEach-Object { "$_"; "$($_.Error)"; $_.Error.Message }
            $failures | ForEach-Object { "$_"; $_.Exception.Message; "$($_.ErrorDetails)" }
            $ok.Headers.Values
            $session.HeaderNames
            """);

        Assert.Null(run.Terminating);
        Assert.True(run.Verbose.Count >= 4);
        var everything = run.Output.Select(o => o?.ToString() ?? string.Empty).Concat(run.Verbose).Concat(run.Errors.Select(e => e.ToString())).ToList();
        Assert.Contains(everything, line => line.Contains("status/500"));
        Assert.DoesNotContain(everything, line => line.Contains("VERYSECRET"));
    }

    [Fact]
    public void Credentials_over_plain_http_are_refused_unless_allowed()
    {
        var run = Ps.Run("""
            $credential = [pscredential]::new('ada', (ConvertTo-SecureString 'pw' -AsPlainText -Force))
            $refused = Invoke-ConcurrentRequest "$Server/basic-auth/ada/pw" -Session (New-HttpSession -Credential $credential) -ErrorAction SilentlyContinue
            $allowed = Invoke-ConcurrentRequest "$Server/basic-auth/ada/pw" -Session (New-HttpSession -Credential $credential -AllowUnencryptedAuthentication)
            $refused.Error.Kind; $allowed.StatusCode
            """);

        Assert.Equal(new object[] { ErrorKind.InvalidRequest, 200 }, run.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Cookie_seeds_the_jar_and_CookieFile_keeps_a_login_between_sessions()
    {
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "asynchttp-" + Guid.NewGuid().ToString("N") + ".cookies.json");
        try
        {
            var run = Ps.Run($$"""
                $first = New-HttpSession -BaseUri "$Server/" -Cookie @{ theme = 'dark' } -CookieFile '{{file}}'
                Invoke-ConcurrentRequest 'cookies/set?login=abc' -Session $first | Out-Null
                $first.GetCookies("$Server/").Count
                $second = New-HttpSession -BaseUri "$Server/" -CookieFile '{{file}}'
                $seen = (Invoke-ConcurrentRequest 'cookies' -Session $second -AsJson).Content
                $seen.login; $seen.theme
                """);

            Assert.Equal(new object[] { 2, "abc", "dark" }, run.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public void One_session_serves_concurrent_runs_from_several_runspaces()
    {
        var session = (HttpSession)Ps.Run("""New-HttpSession -BaseUri "$Server/" -MaxConnectionsPerHost 8""").Output.Single().BaseObject;
        var runspaces = Enumerable.Range(0, 4).Select(_ => new HostedPowerShell()).ToList();
        try
        {
            var shells = runspaces.Select((host, i) =>
            {
                var shell = System.Management.Automation.PowerShell.Create();
                shell.Runspace = host.Runspace;
                shell.AddScript("param($session, $i) 1..250 | ForEach-Object { \"echo?runspace=$i&n=$_\" } | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 16 | ForEach-Object { if ($_.IsSuccess) { 1 } }")
                    .AddArgument(session).AddArgument(i);
                return shell;
            }).ToList();
            var pending = shells.Select(shell => shell.BeginInvoke()).ToList();
            int[] counts = shells.Select((shell, i) => shell.EndInvoke(pending[i]).Count).ToArray();
            shells.ForEach(shell => shell.Dispose());

            Assert.Equal(new[] { 250, 250, 250, 250 }, counts);
            Assert.False(session.IsClosed);
        }
        finally
        {
            runspaces.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Closing_a_session_while_its_requests_run_cancels_them_cleanly_and_the_run_ends()
    {
        string runName = SharedServer.NewRun("close");
        var session = (HttpSession)Ps.Run("""New-HttpSession""").Output.Single().BaseObject;
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Ps.Runspace;
        shell.AddScript($$"""param($session) 1..20 | ForEach-Object { "$Server/delay/30000?run={{runName}}" } | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 20 -ErrorAction SilentlyContinue""")
            .AddArgument(session);
        IAsyncResult pending = shell.BeginInvoke();
        var waited = Stopwatch.StartNew();
        while (SharedServer.Get().Stats(runName).InFlight < 20 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        var clock = Stopwatch.StartNew();
        session.Dispose();
        var results = shell.EndInvoke(pending).Select(o => (HttpResult)o.BaseObject).ToList();
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the run took {clock.Elapsed} to end");
        Assert.Equal(20, results.Count);
        Assert.All(results, r => Assert.Equal(ErrorKind.Canceled, r.Error!.Kind));
        Assert.All(results, r => Assert.Contains("session was closed", r.Error!.Message));
        await SharedServer.WaitIdleAsync(runName, TimeSpan.FromSeconds(2));
        Assert.Equal(0, SharedServer.Get().Stats(runName).InFlight);
    }
}

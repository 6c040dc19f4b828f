using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

[Collection("PowerShell")]
public sealed class SessionTests : HostedTest
{
    [Fact]
    public void Cookies_set_by_one_response_are_sent_on_the_next_request_of_the_same_session()
    {
        var run = Ps.Run("""
            $session = New-HttpSession
            Invoke-ConcurrentRequest "$Server/cookies/set?flavour=oat&size=large" -Session $session | Out-Null
            $other = New-HttpSession
            (Invoke-ConcurrentRequest "$Server/cookies" -Session $session -AsJson).Content
            '---'
            (Invoke-ConcurrentRequest "$Server/cookies" -Session $other -AsJson).Content
            """);

        var seen = (PSObject)run.Output[0];
        Assert.Equal("oat", seen.Properties["flavour"].Value);
        Assert.Equal("large", seen.Properties["size"].Value);
        var other = (PSObject)run.Output[2];
        Assert.Empty(other.Properties);
    }

    [Fact]
    public void Default_headers_and_the_user_agent_of_a_session_reach_the_server()
    {
        var run = Ps.Run("""
            $session = New-HttpSession -Headers @{ 'X-Team' = 'platform'; Accept = 'application/json' } -UserAgent 'nightly-job/2.0'
            Invoke-ConcurrentRequest "$Server/echo" -Session $session -AsJson
            """);

        HttpResult result = Assert.Single(run.Results);
        Assert.Equal("platform", InvokeConcurrentRequestTests.Json(result, "headers", "X-Team"));
        Assert.Equal("application/json", InvokeConcurrentRequestTests.Json(result, "headers", "Accept"));
        Assert.Equal("nightly-job/2.0", InvokeConcurrentRequestTests.Json(result, "headers", "User-Agent"));
    }

    [Fact]
    public void Relative_uris_resolve_against_the_BaseUri_of_the_session()
    {
        var run = Ps.Run("""
            $session = New-HttpSession -BaseUri "$Server/"
            'echo?via=base', '/json' | Invoke-ConcurrentRequest -Session $session -Ordered
            """);

        Assert.Equal(new[] { "/echo", "/json" }, run.Results.Select(r => r.RequestUri!.AbsolutePath));
        Assert.All(run.Results, r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public void Without_Session_the_default_session_keeps_cookies_between_calls_and_is_made_again_after_closing()
    {
        var run = Ps.Run("""
            Close-HttpSession
            Invoke-ConcurrentRequest "$Server/cookies/set?who=default" | Out-Null
            (Invoke-ConcurrentRequest "$Server/cookies" -AsJson).Content.who
            Close-HttpSession
            $after = (Invoke-ConcurrentRequest "$Server/cookies" -AsJson).Content.who
            "after: [$after]"
            """);

        Assert.Equal(new[] { "default", "after: []" }, run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_closed_session_gives_a_clear_terminating_error()
    {
        var run = Ps.Run("""
            $session = New-HttpSession
            $session | Close-HttpSession
            $session.IsClosed
            Invoke-ConcurrentRequest "$Server/small" -Session $session
            """);

        Assert.Equal(true, run.Output.Single().BaseObject);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("AsyncHttp.SessionClosed,AsyncHttp.Commands.InvokeConcurrentRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("closed", error.ToString());
        Assert.Empty(run.Results);
    }

    [Fact]
    public void An_attempt_timeout_longer_than_the_total_is_refused_naming_both()
    {
        var run = Ps.Run("""New-HttpSession -TimeoutSec 10 -AttemptTimeoutSec 50""");

        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand", error.FullyQualifiedErrorId);
        Assert.Contains("AttemptTimeout (50 s)", error.ToString());
        Assert.Contains("Timeout (10 s)", error.ToString());
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_session_shows_no_header_values_in_its_text()
    {
        var run = Ps.Run("""
            $session = New-HttpSession -BaseUri 'https://user:hunter2@api.example/' -Headers @{ Authorization = 'Bearer s3cr3t-token' }
            "$session"
            """);

        string text = run.Output.Single().ToString();
        Assert.DoesNotContain("s3cr3t", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("api.example", text);
    }

    [Fact]
    public void Only_the_twelve_cmdlets_and_their_alias_are_exported_and_the_types_can_be_named()
    {
        var run = Ps.Run("""
            $names = [string[]]@(Get-Command -Module AsyncHttp | ForEach-Object Name)
            [Array]::Sort($names)
            $names -join ','
            [AsyncHttp.ErrorKind]::Timeout
            """);

        Assert.Equal("Add-HttpMockResponse,Assert-HttpMockCalled,Close-HttpSession,Close-WebSocket,Connect-WebSocket,Get-HttpMockCall,"
            + "Invoke-ConcurrentRequest,Invoke-HttpRequest,New-HttpMock,New-HttpSession,Receive-HttpStream,Receive-WebSocketMessage,"
            + "Send-WebSocketMessage", run.Output[0].ToString());
        Assert.Equal("Timeout", run.Output[1].ToString());
    }
}

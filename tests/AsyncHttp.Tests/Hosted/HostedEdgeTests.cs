using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

/// <summary>The cmdlets at the edges: what users see, what they get back, what is left on disk.</summary>
[Collection("PowerShell")]
public sealed class HostedEdgeTests : HostedTest
{
    [Fact]
    public void Default_views_messages_and_error_records_show_URIs_without_passwords_or_query_values()
    {
        var run = Ps.Run("""
            $results = Invoke-ConcurrentRequest 'http://alice:PW1-VERYSECRET@127.0.0.1:1/x?api_key=K1-VERYSECRET', 'http://alice:PW2-VERYSECRET@127.0.0.1:1/a b?token=K2-VERYSECRET', 'http://alice:PW3-VERYSECRET@127.0.0.1:99999/?token=K3-VERYSECRET' -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable failures
            $results | Out-String
            # RequestUri keeps what the caller gave; everything else is shown redacted.
            $results | Select-Object * -ExcludeProperty RequestUri | ConvertTo-Csv
            $failures | Out-String
            $failures | ForEach-Object { $_.Exception.Message; "$($_.CategoryInfo)"; $_ | Format-List * -Force | Out-String }
            $failures | ConvertTo-Csv
            New-HttpSession -BaseUri 'http://bob:PW4-VERYSECRET@example.test/api/?sig=K4-VERYSECRET' | Out-String
            """);

        Assert.Null(run.Terminating);
        string everything = string.Join("\n", run.Output.Select(o => o?.ToString() ?? string.Empty));
        Assert.Contains("127.0.0.1", everything);
        Assert.Contains("api_key=***", everything);
        Assert.Contains("example.test", everything);
        Assert.DoesNotContain("VERYSECRET", everything);
    }

    [Theory]
    [InlineData("http://u:p@h/x?a=1&b=2#f", "http://h/x?a=***&b=***#f")]
    [InlineData("https://u:p@h:99999/?t=1", "https://h:99999/?t=***")]
    [InlineData("relative/path?t=secret", "relative/path?t=***")]
    [InlineData("http://h/a@b?x", "http://h/a@b?x")]
    public void Text_that_is_not_a_URI_loses_user_information_and_query_values(string text, string shown)
    {
        Assert.Equal(shown, Redact.Text(text));
    }

    [Fact]
    public void A_cookie_file_that_fails_to_save_later_is_a_non_terminating_error_after_every_result()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        Ps.Run($"$session = New-HttpSession -CookieFile '{Path.Combine(folder, "jar.json")}'").ThrowIfFailed();
        Directory.Delete(folder, recursive: true);

        var run = Ps.Run("""
            $results = Invoke-ConcurrentRequest "$Server/cookies/set?a=1", "$Server/get" -Session $session -ErrorAction SilentlyContinue -ErrorVariable saveErrors
            Close-HttpSession $session -ErrorAction SilentlyContinue -ErrorVariable closeErrors
            $results.Count
            ($results | Where-Object IsSuccess).Count
            $saveErrors.FullyQualifiedErrorId
            $closeErrors.FullyQualifiedErrorId
            $session.IsClosed
            """);

        Assert.Null(run.Terminating);
        Assert.Equal(new object[] { 2, 2, "AsyncHttp.CookieFileNotSaved,AsyncHttp.Commands.InvokeConcurrentRequestCommand", "AsyncHttp.CookieFileNotSaved,AsyncHttp.Commands.CloseHttpSessionCommand", true },
            run.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void New_HttpSession_refuses_a_cookie_file_in_a_missing_folder()
    {
        var run = Ps.Run("""
            try { New-HttpSession -CookieFile ([IO.Path]::Combine([IO.Path]::GetTempPath(), 'no-such-folder-4242', 'jar.json')) -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);

        Assert.StartsWith("AsyncHttp.InvalidArgument", run.Output[0].ToString());
        Assert.Contains("no-such-folder-4242", run.Output[1].ToString());
    }
}

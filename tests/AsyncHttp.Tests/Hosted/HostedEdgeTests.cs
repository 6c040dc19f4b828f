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

    [Fact]
    public void A_corrupt_gzip_body_in_Receive_HttpStream_is_a_Payload_error_that_SilentlyContinue_silences()
    {
        var run = Ps.Run("""
            Receive-HttpStream "$Server/edge/bad-gzip" -ErrorAction SilentlyContinue -ErrorVariable failures
            Receive-HttpStream "$Server/edge/bad-gzip" -As Chunks -ErrorAction SilentlyContinue -ErrorVariable +failures
            Receive-HttpStream "$Server/edge/bad-gzip" -OutFile ([IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-bad-gzip-$PID.txt")) -ErrorAction SilentlyContinue -ErrorVariable +failures
            $failures.FullyQualifiedErrorId
            """);

        Assert.Null(run.Terminating);
        Assert.Equal(Enumerable.Repeat("AsyncHttp.Payload,AsyncHttp.Commands.ReceiveHttpStreamCommand", 3), run.Output.Select(o => o.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-Resume")]
    public void OutFile_into_a_missing_folder_fails_as_FileWrite_before_anything_is_sent(string resume)
    {
        string runName = SharedServer.NewRun("outfile");
        string target = Path.Combine(Path.GetTempPath(), "no-such-folder-" + runName, "body.txt");
        var run = Ps.Run($$"""
            Receive-HttpStream "$Server/echo?run={{runName}}" -Method POST -Body 'hello' -OutFile '{{target}}' {{resume}} -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures.FullyQualifiedErrorId
            $failures[0].Exception.Message
            """);

        Assert.Null(run.Terminating);
        Assert.Equal("AsyncHttp.FileWrite,AsyncHttp.Commands.ReceiveHttpStreamCommand", run.Output[0].ToString());
        Assert.Contains("Nothing was sent", run.Output[1].ToString());
        Assert.Equal(0, SharedServer.Get().Stats(runName).Count);
    }

    [Fact]
    public void OutFile_on_a_full_disk_is_FileWrite_and_is_not_retried()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            string target = Path.Combine(folder, "body.bin");
            File.CreateSymbolicLink(target + ".partial", "/dev/full");
            var run = Ps.Run($$"""
                Receive-HttpStream "$Server/bytes/300000" -OutFile '{{target}}' -ErrorAction SilentlyContinue -ErrorVariable failures
                $failures.FullyQualifiedErrorId
                $failures[0].TargetObject.Attempts
                """);

            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { "AsyncHttp.FileWrite,AsyncHttp.Commands.ReceiveHttpStreamCommand", 1 }, run.Output.Select(o => o.BaseObject).ToArray());
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_resume_validator_starts_the_download_over_with_a_warning()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            string target = Path.Combine(folder, "large.bin");
            File.WriteAllBytes(target + ".partial", new byte[1000]);
            File.WriteAllText(target + ".partial.validator", "\u0001not a validator\r\nX-Evil: 1");
            var run = Ps.Run($$"""
                $r = Receive-HttpStream "$Server/large/300000" -OutFile '{{target}}' -Resume
                $r.Resumed; $r.Bytes
                $again = Receive-HttpStream "$Server/large/300000" -OutFile '{{target}}' -Resume
                $again.Bytes
                """);

            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(new object[] { false, 300000L, 300000L }, run.Output.Select(o => o.BaseObject).ToArray());
            Assert.Contains(run.Warnings, w => w.Contains("started over"));
            Assert.Equal(new[] { "large.bin" }, Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_huge_ThrottleLimit_with_Ordered_runs()
    {
        var run = Ps.Run("""Invoke-ConcurrentRequest "$Server/get", "$Server/small" -ThrottleLimit 1000000000 -Ordered""");

        Assert.Null(run.Terminating);
        Assert.Equal(new long[] { 0, 1 }, run.Results.Select(r => r.Index));
        Assert.All(run.Results, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Under_ErrorAction_Stop_the_failed_result_travels_only_as_the_exception_TargetObject()
    {
        var run = Ps.Run("""
            $byParameter = try { Invoke-ConcurrentRequest "$Server/small", "$Server/status/404" -Ordered -ThrottleLimit 1 -ErrorAction Stop } catch { "caught $($_.TargetObject.StatusCode)" }
            $byParameter | ForEach-Object { "$_" }
            $ErrorActionPreference = 'Stop'
            $byPreference = try { Invoke-ConcurrentRequest "$Server/status/404" } catch { "caught $($_.TargetObject.StatusCode)" }
            $byPreference | ForEach-Object { "$_" }
            """);

        Assert.Null(run.Terminating);
        Assert.Equal(new[] { "#0 GET " + SharedServer.BaseUri + "small -> 200", "caught 404", "caught 404" }, run.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void OutDirectory_leaves_no_partial_file_once_Select_Object_First_has_returned()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            var run = Ps.Run($$"""
                $uris = @(1..4 | ForEach-Object { "$Server/large/2000000000" }) + "$Server/delay/100"
                $first = $uris | Invoke-ConcurrentRequest -OutDirectory '{{folder}}' -ThrottleLimit 5 | Select-Object -First 1
                $first.Index
                @(Get-ChildItem '{{folder}}' -Filter *.partial).Count
                """);

            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { 4L, 0 }, run.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

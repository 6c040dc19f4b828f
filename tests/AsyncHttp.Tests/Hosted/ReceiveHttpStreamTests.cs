using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

[Collection("PowerShell")]
public sealed class ReceiveHttpStreamTests : HostedTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("asynchttp-").FullName;

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Lines_come_out_as_strings_decoded_by_the_response_charset()
    {
        var utf8 = Ps.Run("""Receive-HttpStream "$Server/lines/3" """);
        var latin1 = Ps.Run("""Receive-HttpStream "$Server/latin1" -As Lines""");

        Assert.Equal(new[] { "line 1 é", "line 2 é", "line 3 é" }, utf8.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(new[] { "café", "naïve", "last" }, latin1.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void JsonLines_gives_one_object_per_line_and_a_bad_line_is_an_error_naming_its_number_while_the_stream_goes_on()
    {
        var run = Ps.Run("""
            Receive-HttpStream "$Server/ndjson/5?bad=3" -As JsonLines -ErrorVariable bad -ErrorAction SilentlyContinue | ForEach-Object { $_.n }
            '---'
            $bad
            """);

        Assert.Equal(new object[] { 1L, 2L, 4L, 5L, "---" }, run.Output.Take(5).Select(o => o.BaseObject).ToArray());
        ErrorRecord error = (ErrorRecord)run.Output[5].BaseObject;
        Assert.Equal("AsyncHttp.JsonLine,AsyncHttp.Commands.ReceiveHttpStreamCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("Line 3", error.ToString());
    }

    [Fact]
    public void ServerSentEvents_follow_the_WHATWG_rules_for_comments_multi_line_data_ids_and_retry()
    {
        var run = Ps.Run("""Receive-HttpStream "$Server/sse" -As ServerSentEvents""");

        var events = run.Output.Select(o => (ServerSentEvent)o.BaseObject).ToList();
        Assert.Equal(new[] { "message", "update", "message", "message", "tail" }, events.Select(e => e.Event));
        Assert.Equal(new[] { "first", "line one\nline two", "no space", "", "carries id 7" }, events.Select(e => e.Data));
        Assert.Equal(new[] { "", "7", "7", "7", "7" }, events.Select(e => e.Id));
        Assert.Equal(new int?[] { null, null, 1500, null, null }, events.Select(e => e.Retry));
    }

    [Fact]
    public void Chunks_cover_the_body_exactly_with_their_offsets()
    {
        var run = Ps.Run("""Receive-HttpStream "$Server/bytes/300000" -As Chunks""");

        var chunks = run.Output.Select(o => (HttpChunk)o.BaseObject).ToList();
        Assert.True(chunks.Count >= 2);
        long expected = 0;
        foreach (HttpChunk chunk in chunks)
        {
            Assert.Equal(expected, chunk.Offset);
            expected += chunk.Count;
        }
        Assert.Equal(300000, expected);
    }

    [Fact]
    public async Task A_line_flushed_by_the_server_reaches_the_pipeline_within_100_ms_while_the_response_is_still_open()
    {
        Ps.Run("""Receive-HttpStream "$Server/hold-line?holdMs=0" | Out-Null""");
        double best = double.MaxValue;
        for (int attempt = 0; attempt < 3 && best >= 100; attempt++)
        {
            var run = Ps.Run("""
                $clock = [Diagnostics.Stopwatch]::StartNew()
                Receive-HttpStream "$Server/hold-line?holdMs=1500" | ForEach-Object { $clock.Elapsed.TotalMilliseconds }
                """);
            double[] times = run.Output.Select(o => Convert.ToDouble(o.BaseObject)).ToArray();
            Assert.Equal(2, times.Length);
            Assert.True(times[1] - times[0] > 1200, $"the second line came {times[1] - times[0]} ms after the first");
            best = Math.Min(best, times[0]);
            await Task.Yield();
        }
        Assert.True(best < 100, $"the first line took {best} ms");
    }

    [Fact]
    public void A_connection_dropped_mid_body_is_Payload_with_the_bytes_received()
    {
        var run = Ps.Run("""Receive-HttpStream "$Server/fault/truncate/1000" -As Chunks -MaximumRetryCount 0 -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null; $failure""");

        ErrorRecord error = (ErrorRecord)run.Output.Single().BaseObject;
        Assert.Equal("AsyncHttp.Payload,AsyncHttp.Commands.ReceiveHttpStreamCommand", error.FullyQualifiedErrorId);
        var result = (HttpResult)error.TargetObject;
        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.Equal(1000, result.ContentLength);
        Assert.Contains("1000", result.Error.Message);
    }

    [Fact]
    public void A_server_silent_beyond_ReadTimeoutSec_is_ReadTimeout()
    {
        var clock = Stopwatch.StartNew();
        var run = Ps.Run("""Receive-HttpStream "$Server/fault/stall/100" -ReadTimeoutSec 1 -ErrorVariable failure -ErrorAction SilentlyContinue; $failure""");
        clock.Stop();

        ErrorRecord error = (ErrorRecord)run.Output.Last().BaseObject;
        Assert.Equal("AsyncHttp.ReadTimeout,AsyncHttp.Commands.ReceiveHttpStreamCommand", error.FullyQualifiedErrorId);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 3);
    }

    [Fact]
    public async Task Stopping_the_pipeline_ends_the_stream_within_a_second_and_closes_the_connection()
    {
        string runName = SharedServer.NewRun("stream-stop");
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Ps.Runspace;
        shell.AddScript($$"""Receive-HttpStream "$Server/lines/1000?intervalMs=50&run={{runName}}" """);
        var output = new PSDataCollection<PSObject>();
        IAsyncResult pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
        var waited = Stopwatch.StartNew();
        while (output.Count < 3 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        Assert.True(output.Count >= 3);

        var clock = Stopwatch.StartNew();
        shell.Stop();
        clock.Stop();

        Assert.True(pending.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.Elapsed}");
        await SharedServer.WaitIdleAsync(runName, TimeSpan.FromSeconds(2));
        Assert.Equal(0, SharedServer.Get().Stats(runName).InFlight);
        Assert.Equal(1, SharedServer.Get().Stats(runName).Aborted);
    }

    [Fact]
    public void OutFile_writes_the_whole_body_and_reports_its_size_rate_and_SHA256()
    {
        string path = Path.Combine(_folder, "large.bin");
        var run = Ps.Run($$"""Receive-HttpStream "$Server/large/3000000" -OutFile '{{path}}'""");

        var download = (DownloadResult)run.Output.Single().BaseObject;
        Assert.Equal(path, download.Path);
        Assert.Equal(3000000, download.Bytes);
        Assert.False(download.Resumed);
        Assert.True(download.BytesPerSecond > 0);
        Assert.Equal(ExpectedSha256(3000000), download.Sha256);
        Assert.Equal(download.Sha256, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        Assert.Equal(new[] { "large.bin" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_download_leaves_no_file_behind()
    {
        string path = Path.Combine(_folder, "broken.bin");
        var run = Ps.Run($$"""Receive-HttpStream "$Server/large/3000000?failAt=1000000" -OutFile '{{path}}' -MaximumRetryCount 0""");

        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("AsyncHttp.Payload,AsyncHttp.Commands.ReceiveHttpStreamCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("", true, 206)]
    [InlineData("&noranges=1", false, 200)]
    [InlineData("&version=2", false, 200)]
    public void Resume_continues_a_partial_download_or_starts_over_cleanly_when_the_server_cannot(string secondQuery, bool resumed, int status)
    {
        string path = Path.Combine(_folder, "resume.bin");
        var first = Ps.Run($$"""Receive-HttpStream "$Server/large/3000000?failAt=1000000" -OutFile '{{path}}' -Resume -MaximumRetryCount 0""");
        Assert.Single(first.Errors);
        Assert.False(File.Exists(path));
        Assert.Equal(1000000, new FileInfo(path + ".partial").Length);

        var second = Ps.Run($$"""Receive-HttpStream "$Server/large/3000000?x=1{{secondQuery}}" -OutFile '{{path}}' -Resume""");

        var download = (DownloadResult)second.Output.Single().BaseObject;
        Assert.Equal(resumed, download.Resumed);
        Assert.Equal(status, download.StatusCode);
        Assert.Equal(resumed ? 2000000 : 3000000, download.BytesTransferred);
        Assert.Equal(3000000, download.Bytes);
        Assert.Equal(ExpectedSha256(3000000), download.Sha256);
        Assert.Equal(download.Sha256, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        Assert.Equal(new[] { "resume.bin" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void OutFile_reports_progress_a_few_times_a_second_and_none_when_ProgressPreference_is_SilentlyContinue()
    {
        string path = Path.Combine(_folder, "slow.txt");
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Ps.Runspace;
        shell.AddScript($$"""$ProgressPreference = 'Continue'; Receive-HttpStream "$Server/lines/15?intervalMs=100" -OutFile '{{path}}'""");
        var downloaded = shell.Invoke();
        Assert.True(shell.Streams.Error.Count == 0, string.Join("; ", shell.Streams.Error));
        Assert.Single(downloaded);
        var records = Enumerable.Range(0, shell.Streams.Progress.Count).Select(i => shell.Streams.Progress[i]).ToList();
        int shown = records.Count(p => p.RecordType == ProgressRecordType.Processing);

        using var quiet = System.Management.Automation.PowerShell.Create();
        quiet.Runspace = Ps.Runspace;
        quiet.AddScript($$"""$ProgressPreference = 'SilentlyContinue'; Receive-HttpStream "$Server/lines/15?intervalMs=100" -OutFile '{{path}}'""");
        quiet.Invoke();

        Assert.InRange(shown, 3, 10);
        Assert.Contains(records, p => p.RecordType == ProgressRecordType.Completed);
        Assert.True(quiet.Streams.Progress.Count == 0, "progress was shown although SilentlyContinue");
    }

    [Fact]
    public void A_404_is_one_HttpStatus_error_with_the_body_and_no_output()
    {
        var run = Ps.Run("""Receive-HttpStream "$Server/status/404" """);

        Assert.Empty(run.Output);
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("AsyncHttp.HttpStatus,AsyncHttp.Commands.ReceiveHttpStreamCommand", error.FullyQualifiedErrorId);
        Assert.Contains("the test server answered 404", ((HttpResult)error.TargetObject).Error!.ResponseBody);
    }

    [Fact]
    public void A_404_on_a_session_that_skips_the_error_check_streams_its_body_as_any_other()
    {
        var run = Ps.Run("""
            $session = New-HttpSession -SkipHttpErrorCheck
            Receive-HttpStream "$Server/status/404" -Session $session
            """);

        Assert.Empty(run.Errors);
        Assert.Equal("status 404: the test server answered 404 as asked", (string)Assert.Single(run.Output).BaseObject);
    }

    [Fact]
    public void A_404_on_a_session_that_skips_the_error_check_is_saved_with_OutFile_and_reports_its_status()
    {
        string file = Path.Combine(_folder, "404.txt");
        var run = Ps.Run($$"""
            $session = New-HttpSession -SkipHttpErrorCheck
            Receive-HttpStream "$Server/status/404" -Session $session -OutFile '{{file}}'
            """);

        Assert.Empty(run.Errors);
        DownloadResult download = (DownloadResult)Assert.Single(run.Output).BaseObject;
        Assert.Equal(404, download.StatusCode);
        Assert.Equal("status 404: the test server answered 404 as asked", File.ReadAllText(file));
    }

    internal static string ExpectedSha256(long n)
    {
        var bytes = new byte[n];
        for (long i = 0; i < n; i++)
        {
            bytes[i] = (byte)(i * 31 % 251);
        }
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}

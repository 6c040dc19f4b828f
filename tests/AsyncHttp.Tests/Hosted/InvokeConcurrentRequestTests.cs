using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

[Collection("PowerShell")]
public sealed class InvokeConcurrentRequestTests : HostedTest
{
    [Fact]
    public void Three_urls_with_one_unreachable_host_give_three_results_and_no_exception()
    {
        var run = Ps.Run("""
            $urls = "$Server/json", 'http://unreachable.invalid/', "$Server/small"
            Invoke-ConcurrentRequest $urls -MaximumRetryCount 0
            """);

        Assert.Null(run.Terminating);
        Assert.Equal(3, run.Results.Count);
        Assert.Equal(new long[] { 0, 1, 2 }, run.Results.Select(r => r.Index).OrderBy(i => i));
        HttpResult failed = Assert.Single(run.Results, r => !r.IsSuccess);
        Assert.Equal(1, failed.Index);
        Assert.Equal(ErrorKind.Dns, failed.Error!.Kind);
        Assert.All(run.Results.Where(r => r.IsSuccess), r => Assert.Equal(200, r.StatusCode));
        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("AsyncHttp.Dns,AsyncHttp.Commands.InvokeConcurrentRequestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Same(failed, error.TargetObject);
    }

    [Fact]
    public async Task A_thousand_requests_at_throttle_limit_16_never_exceed_16_at_the_server_and_each_index_comes_back_once()
    {
        string runName = SharedServer.NewRun("throttle");
        var run = Ps.Run($$"""
            0..999 | ForEach-Object { "$Server/delay/2?run={{runName}}&i=$_" } | Invoke-ConcurrentRequest -ThrottleLimit 16
            """);

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(1000, run.Results.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), run.Results.Select(r => r.Index).OrderBy(i => i));
        Assert.All(run.Results, r => Assert.EndsWith("&i=" + r.Index, r.RequestUri!.ToString()));
        var stats = SharedServer.Get().Stats(runName);
        Assert.Equal(1000, stats.Count);
        Assert.InRange(stats.MaxInFlight, 2, 16);
        await SharedServer.WaitIdleAsync(runName, TimeSpan.FromSeconds(1));
        Assert.Equal(0, stats.InFlight);
    }

    [Fact]
    public void Ordered_emits_results_in_input_order_although_they_complete_in_reverse()
    {
        var run = Ps.Run("""
            400, 300, 200, 100, 0 | ForEach-Object { "$Server/delay/$_" } | Invoke-ConcurrentRequest -Ordered -ThrottleLimit 5
            """);

        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, run.Results.Select(r => r.Index));
        Assert.True(run.Results[0].Elapsed > run.Results[4].Elapsed, "the first request was the slowest, yet came out first");
    }

    [Fact]
    public void Without_Ordered_results_come_in_completion_order()
    {
        var run = Ps.Run("""
            600, 0 | ForEach-Object { "$Server/delay/$_" } | Invoke-ConcurrentRequest -ThrottleLimit 2
            """);

        Assert.Equal(new long[] { 1, 0 }, run.Results.Select(r => r.Index));
    }

    [Fact]
    public void A_malformed_uri_among_good_ones_is_one_failed_result()
    {
        var run = Ps.Run("""
            "$Server/small", 'http://exa mple.com/ bad', "$Server/json", 'ftp://files.example/x' |
                Invoke-ConcurrentRequest -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures
            """);

        Assert.Equal(4, run.Results.Count);
        var invalid = run.Results.Where(r => !r.IsSuccess).OrderBy(r => r.Index).ToList();
        Assert.Equal(new long[] { 1, 3 }, invalid.Select(r => r.Index));
        Assert.All(invalid, r => Assert.Equal(ErrorKind.InvalidRequest, r.Error!.Kind));
        Assert.All(invalid, r => Assert.Equal(0, r.Attempts));
        Assert.Contains("ftp", invalid[1].Error!.Message);
        var records = run.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
    }

    [Fact]
    public void Every_input_form_is_read_hashtables_custom_objects_csv_rows_uris_and_strings()
    {
        var run = Ps.Run("""
            $inputs = @(
                "$Server/echo?form=string"
                [uri]"$Server/echo?form=uri"
                @{ Url = "$Server/echo?form=hashtable"; Method = 'PUT'; Body = 'from a hashtable'; Tag = 'h' }
                [pscustomobject]@{ Uri = "$Server/echo?form=object"; Method = 'POST'; Headers = @{ 'X-Form' = 'object' }; Tag = 7 }
                [pscustomobject]@{ Href = "$Server/echo?form=csv"; Method = ''; Headers = '{"X-Form":"csv"}'; Body = ''; ContentType = ''; Tag = 'row' }
            )
            $inputs | Invoke-ConcurrentRequest -Ordered -AsJson
            """);

        Assert.Empty(run.Errors);
        var results = run.Results;
        Assert.Equal(5, results.Count);
        string[] forms = results.Select(r => (string)Json(r, "query", "form")!).ToArray();
        Assert.Equal(new[] { "string", "uri", "hashtable", "object", "csv" }, forms);
        Assert.Equal("PUT", Json(results[2], "method"));
        Assert.Equal("from a hashtable", Json(results[2], "body"));
        Assert.Equal("h", results[2].Tag);
        Assert.Equal("POST", Json(results[3], "method"));
        Assert.Equal("object", Json(results[3], "headers", "X-Form"));
        Assert.Equal(7, results[3].Tag is PSObject p ? p.BaseObject : results[3].Tag);
        Assert.Equal("GET", Json(results[4], "method"));
        Assert.Equal("csv", Json(results[4], "headers", "X-Form"));
    }

    [Fact]
    public void Call_level_method_headers_and_body_apply_to_requests_that_set_none()
    {
        var run = Ps.Run("""
            $inputs = "$Server/echo", @{ Uri = "$Server/echo"; Method = 'PATCH'; Body = 'own'; Headers = @{ 'X-Scope' = 'own' } }
            $inputs | Invoke-ConcurrentRequest -Method POST -Body '{"a":1}' -ContentType 'application/json' -Headers @{ 'X-Scope' = 'call'; 'X-Call' = 'yes' } -Ordered -AsJson
            """);

        var results = run.Results;
        Assert.Equal("POST", Json(results[0], "method"));
        Assert.Equal("{\"a\":1}", Json(results[0], "body"));
        Assert.StartsWith("application/json", (string)Json(results[0], "headers", "Content-Type")!);
        Assert.Equal("call", Json(results[0], "headers", "X-Scope"));
        Assert.Equal("PATCH", Json(results[1], "method"));
        Assert.Equal("own", Json(results[1], "body"));
        Assert.Equal("own", Json(results[1], "headers", "X-Scope"));
        Assert.Equal("yes", Json(results[1], "headers", "X-Call"));
    }

    [Fact]
    public void AsJson_gives_objects_that_PowerShell_can_navigate()
    {
        var run = Ps.Run("""
            $r = Invoke-ConcurrentRequest "$Server/json" -AsJson
            $r.Content.name
            $r.Content.items.Count
            $r.Content.nested.ok
            """);

        Assert.Equal(new object[] { "AsyncHttp", 3, true }, run.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Malformed_json_with_AsJson_is_a_Payload_failure_that_keeps_the_text()
    {
        var run = Ps.Run("""Invoke-ConcurrentRequest "$Server/fault/malformed-json" -AsJson -ErrorAction SilentlyContinue""");

        HttpResult result = Assert.Single(run.Results);
        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
        Assert.Equal("{\"name\": \"cut", result.Content);
    }

    [Fact]
    public void A_404_is_an_HttpStatus_failure_with_its_status_code_and_the_body_the_server_sent()
    {
        var run = Ps.Run("""Invoke-ConcurrentRequest "$Server/status/404" -ErrorVariable err -ErrorAction SilentlyContinue; $err""");

        HttpResult result = Assert.Single(run.Results);
        Assert.Equal(404, result.StatusCode);
        Assert.Equal(ErrorKind.HttpStatus, result.Error!.Kind);
        Assert.Equal(404, result.Error.StatusCode);
        Assert.False(result.Error.IsTransient);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("the test server answered 404", result.Error.ResponseBody);
        ErrorRecord record = run.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Single();
        Assert.Equal("AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, record.CategoryInfo.Category);
        Assert.Contains("404", record.Exception.Message);
        Assert.Contains("the test server answered 404", record.ErrorDetails.Message);
    }

    [Fact]
    public void SkipHttpErrorCheck_makes_a_404_a_success()
    {
        var run = Ps.Run("""Invoke-ConcurrentRequest "$Server/status/404" -SkipHttpErrorCheck""");

        HttpResult result = Assert.Single(run.Results);
        Assert.True(result.IsSuccess);
        Assert.Equal(404, result.StatusCode);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void TimeoutSec_on_a_slow_endpoint_gives_Kind_Timeout_near_the_limit()
    {
        var run = Ps.Run("""Invoke-ConcurrentRequest "$Server/delay/10000" -TimeoutSec 1""");

        HttpResult result = Assert.Single(run.Results);
        Assert.Equal(ErrorKind.Timeout, result.Error!.Kind);
        Assert.InRange(result.Elapsed.TotalSeconds, 0.9, 2.5);
        Assert.Null(result.StatusCode);
        Assert.Equal(ErrorCategory.OperationTimeout, Assert.Single(run.Errors).CategoryInfo.Category);
    }

    [Fact]
    public async Task ErrorAction_Stop_ends_the_run_at_the_first_failure_and_cancels_what_is_in_flight()
    {
        string runName = SharedServer.NewRun("stop");
        var clock = Stopwatch.StartNew();
        var run = Ps.Run($$"""
            $inputs = @("$Server/status/500?run={{runName}}") + @(1..20 | ForEach-Object { "$Server/delay/20000?run={{runName}}" })
            try {
                $inputs | Invoke-ConcurrentRequest -ThrottleLimit 8 -MaximumRetryCount 0 -ErrorAction Stop | ForEach-Object { $_.Index }
                'not reached'
            }
            catch {
                "caught $($_.FullyQualifiedErrorId)"
            }
            """);
        clock.Stop();

        string[] lines = run.Output.Select(o => o.ToString()).ToArray();
        Assert.Equal("caught AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand", lines.Last());
        Assert.DoesNotContain("not reached", lines);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the run took {clock.Elapsed}");
        await SharedServer.WaitIdleAsync(runName, TimeSpan.FromSeconds(2));
        var stats = SharedServer.Get().Stats(runName);
        Assert.Equal(0, stats.InFlight);
        Assert.True(stats.Count <= 9, $"the server saw {stats.Count} requests; no more than the limit should have started");
    }

    [Fact]
    public async Task Stopping_the_pipeline_mid_run_returns_within_a_second_and_leaves_no_request_running_at_the_server()
    {
        string runName = SharedServer.NewRun("ctrlc");
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Ps.Runspace;
        shell.AddScript($$"""1..50 | ForEach-Object { "$Server/delay/30000?run={{runName}}" } | Invoke-ConcurrentRequest -ThrottleLimit 10""");
        IAsyncResult pending = shell.BeginInvoke();
        var stats = SharedServer.Get().Stats(runName);
        var waited = Stopwatch.StartNew();
        while (stats.InFlight < 10 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        Assert.Equal(10, stats.InFlight);

        var clock = Stopwatch.StartNew();
        shell.Stop();
        clock.Stop();

        Assert.True(pending.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        TimeSpan idle = await SharedServer.WaitIdleAsync(runName, TimeSpan.FromSeconds(2));
        Assert.True(stats.InFlight == 0, $"{stats.InFlight} requests still running at the server after {idle}");
        Assert.Equal(10, stats.Count);
    }

    [Fact]
    public void Results_stream_out_while_input_still_streams_in()
    {
        var run = Ps.Run("""
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $produced = [Collections.Generic.List[double]]::new()
            & {
                foreach ($i in 0..2) {
                    $produced.Add($clock.Elapsed.TotalMilliseconds)
                    "$Server/small?i=$i"
                    [Threading.Thread]::Sleep(700)
                }
            } | Invoke-ConcurrentRequest | ForEach-Object { $clock.Elapsed.TotalMilliseconds }
            '---'
            $produced
            """);

        var values = run.Output.Select(o => o.ToString()).ToList();
        int split = values.IndexOf("---");
        double firstResultSeen = double.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture);
        double lastInputProduced = double.Parse(values[split + 3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, split);
        Assert.True(firstResultSeen < lastInputProduced, $"first result at {firstResultSeen} ms, last input at {lastInputProduced} ms");
    }

    [Fact]
    public void An_unknown_method_or_a_header_with_a_line_break_fails_that_request_alone()
    {
        var run = Ps.Run("""
            @(
                @{ Uri = "$Server/echo"; Method = 'GE T' }
                @{ Uri = "$Server/echo"; Headers = @{ 'X-Bad' = "a`r`nInjected: yes" } }
                @{ Uri = "$Server/echo"; Body = [datetime]::Now }
                "$Server/echo"
            ) | Invoke-ConcurrentRequest -Ordered -ErrorAction SilentlyContinue
            """);

        var results = run.Results;
        Assert.Equal(4, results.Count);
        Assert.All(results.Take(3), r => Assert.Equal(ErrorKind.InvalidRequest, r.Error!.Kind));
        Assert.Contains("'GE T'", results[0].Error!.Message);
        Assert.Contains("X-Bad", results[1].Error!.Message);
        Assert.DoesNotContain("Injected", results[1].Error!.Message);
        Assert.Contains("System.DateTime", results[2].Error!.Message);
        Assert.True(results[3].IsSuccess);
    }

    [Fact]
    public void ThrottleLimit_zero_is_refused_by_parameter_validation()
    {
        var run = Ps.Run("""Invoke-ConcurrentRequest "$Server/small" -ThrottleLimit 0""");

        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("ParameterArgumentValidationError,AsyncHttp.Commands.InvokeConcurrentRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("ThrottleLimit", error.ToString());
        Assert.Empty(run.Results);
    }

    internal static object? Json(HttpResult result, params string[] path)
    {
        object? current = result.Content;
        foreach (string name in path)
        {
            current = ((PSObject)current!).Properties[name]?.Value;
        }
        return current is PSObject wrapped ? wrapped.BaseObject : current;
    }
}

[Collection("PowerShell")]
public sealed class CallParameterTests : HostedTest
{
    [Theory]
    [InlineData("-Method 'GE T'", "'GE T'")]
    [InlineData("-Headers @{ 'X-Bad' = \"a`nb\" }", "X-Bad")]
    [InlineData("-Body ([datetime]::Now)", "System.DateTime")]
    [InlineData("-ContentType 'not a type'", "not a type")]
    [InlineData("-TimeoutSec 5 -AttemptTimeoutSec 9", "AttemptTimeout (9 s)")]
    public void Bad_call_parameters_end_the_call_before_anything_is_sent(string parameters, string named)
    {
        string run = SharedServer.NewRun("badcall");
        var result = Ps.Run($$"""Invoke-ConcurrentRequest "$Server/echo?run={{run}}" {{parameters}}""");

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("AsyncHttp.InvalidArgument,AsyncHttp.Commands.InvokeConcurrentRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains(named, error.ToString());
        Assert.Empty(result.Results);
        Assert.Equal(0, SharedServer.Get().Stats(run).Count);
    }
}

[Collection("PowerShell")]
public sealed class ProgressTests : HostedTest
{
    private List<ProgressRecord> Progress(string script)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Ps.Runspace;
        shell.AddScript(script).Invoke();
        return Enumerable.Range(0, shell.Streams.Progress.Count).Select(i => shell.Streams.Progress[i]).ToList();
    }

    [Fact]
    public void A_run_reports_aggregate_progress_a_few_times_a_second_with_the_total_when_it_is_known()
    {
        var records = Progress("""
            $ProgressPreference = 'Continue'
            $urls = 1..40 | ForEach-Object { "$Server/delay/100?i=$_" }
            Invoke-ConcurrentRequest -Uri $urls -ThrottleLimit 4 | Out-Null
            """);

        var shown = records.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
        Assert.InRange(shown.Count, 2, 6);
        Assert.All(shown, r => Assert.Contains("of 40 done", r.StatusDescription));
        Assert.True(shown.Last().PercentComplete > shown.First().PercentComplete);
        Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
    }

    [Fact]
    public void Pipeline_input_reports_progress_without_a_total_and_SilentlyContinue_reports_none()
    {
        var piped = Progress("""
            $ProgressPreference = 'Continue'
            1..40 | ForEach-Object { "$Server/delay/100?i=$_" } | Invoke-ConcurrentRequest -ThrottleLimit 4 | Out-Null
            """);
        var silent = Progress("""
            $ProgressPreference = 'SilentlyContinue'
            1..40 | ForEach-Object { "$Server/delay/100?i=$_" } | Invoke-ConcurrentRequest -ThrottleLimit 4 | Out-Null
            """);
        var quick = Progress("""
            $ProgressPreference = 'Continue'
            Invoke-ConcurrentRequest "$Server/small" | Out-Null
            """);

        Assert.Contains(piped, r => r.RecordType == ProgressRecordType.Processing);
        Assert.All(piped.Where(r => r.RecordType == ProgressRecordType.Processing), r => Assert.DoesNotContain(" of ", r.StatusDescription));
        Assert.Empty(silent);
        Assert.Empty(quick);
    }
}

[Collection("PowerShell")]
public sealed class OutDirectoryTests : HostedTest
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "asynchttp-out-" + Guid.NewGuid().ToString("N"));

    public override void Dispose()
    {
        base.Dispose();
        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void OutDirectory_saves_each_successful_body_to_its_own_file_and_keeps_failures_as_results()
    {
        var run = Ps.Run($$"""
            "$Server/bytes/1000", "$Server/json", "$Server/status/404" | Invoke-ConcurrentRequest -OutDirectory '{{_folder}}' -Ordered -ErrorAction SilentlyContinue
            """);

        var results = run.Results;
        Assert.Equal(3, results.Count);
        Assert.Equal(System.IO.Path.Combine(_folder, "000000-1000"), results[0].OutFile);
        Assert.Equal(1000, results[0].ContentLength);
        Assert.Null(results[0].Content);
        Assert.Equal(1000, new System.IO.FileInfo(results[0].OutFile!).Length);
        Assert.Contains("AsyncHttp", System.IO.File.ReadAllText(results[1].OutFile!));
        Assert.Null(results[2].OutFile);
        Assert.Contains("404", results[2].Error!.ResponseBody);
        Assert.Equal(new[] { "000000-1000", "000001-json" }, System.IO.Directory.GetFiles(_folder).Select(System.IO.Path.GetFileName).OrderBy(n => n));
    }

    [Fact]
    public void OutDirectory_with_AsJson_is_refused_before_anything_is_sent()
    {
        var run = Ps.Run($$"""Invoke-ConcurrentRequest "$Server/json" -OutDirectory '{{_folder}}' -AsJson""");

        ErrorRecord error = Assert.Single(run.Errors);
        Assert.Equal("AsyncHttp.InvalidArgument,AsyncHttp.Commands.InvokeConcurrentRequestCommand", error.FullyQualifiedErrorId);
        Assert.Empty(run.Results);
    }
}

using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

/// <summary>Each kind, from its real cause, as a PowerShell user meets it: the result's Error and the ErrorRecord.</summary>
[Collection("PowerShell")]
public sealed class ErrorKindTests : HostedTest
{
    [Theory]
    [InlineData("$Server/status/500", "HttpStatus", ErrorCategory.InvalidResult, true)]
    [InlineData("$Server/status/404", "HttpStatus", ErrorCategory.InvalidResult, false)]
    [InlineData("http://127.0.0.1:{closed}/", "ConnectionRefused", ErrorCategory.ConnectionError, true)]
    [InlineData("http://no-such-host.invalid/", "Dns", ErrorCategory.ConnectionError, false)]
    [InlineData("$Server/fault/reset", "ConnectionReset", ErrorCategory.ConnectionError, true)]
    [InlineData("$Server/fault/truncate/100", "Payload", ErrorCategory.InvalidData, true)]
    [InlineData("$Server/fault/no-headers", "Timeout", ErrorCategory.OperationTimeout, true)]
    [InlineData("$Server/fault/stall/100", "ReadTimeout", ErrorCategory.OperationTimeout, true)]
    [InlineData("{tls}json", "Tls", ErrorCategory.SecurityError, false)]
    [InlineData("$Server/redirect/5", "TooManyRedirects", ErrorCategory.LimitsExceeded, false)]
    [InlineData("relative/without/base", "InvalidRequest", ErrorCategory.InvalidArgument, false)]
    public void Each_fault_gives_its_kind_error_id_and_category(string uri, string kind, ErrorCategory category, bool transient)
    {
        uri = uri.Replace("{closed}", Engine.FaultTests.ClosedPort().ToString())
            .Replace("{tls}", SharedServer.Get().TlsUri.ToString());
        var run = Ps.Run($$"""
            $session = New-HttpSession -MaximumRetryCount 0 -AttemptTimeoutSec 2 -ReadTimeoutSec 1 -MaximumRedirection 2
            Invoke-ConcurrentRequest "{{uri}}" -Session $session
            """);

        HttpResult result = Assert.Single(run.Results);
        Assert.Equal(kind, result.Error!.Kind.ToString());
        Assert.Equal(transient, result.Error.IsTransient);
        ErrorRecord record = Assert.Single(run.Errors);
        Assert.Equal($"AsyncHttp.{kind},AsyncHttp.Commands.InvokeConcurrentRequestCommand", record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Same(result, record.TargetObject);
    }

    [Fact]
    public void An_open_circuit_gives_CircuitOpen_with_category_ResourceUnavailable()
    {
        var run = Ps.Run("""
            $session = New-HttpSession -MaximumRetryCount 0 -CircuitBreakerMinimumThroughput 2 -CircuitBreakerBreakSec 30
            1..4 | ForEach-Object { "$Server/status/503" } | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 1 -Ordered -ErrorAction SilentlyContinue -ErrorVariable failures
            $failures
            """);

        var kinds = run.Results.Select(r => r.Error!.Kind).ToArray();
        Assert.Equal(new[] { ErrorKind.HttpStatus, ErrorKind.HttpStatus, ErrorKind.CircuitOpen, ErrorKind.CircuitOpen }, kinds);
        var last = run.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Last();
        Assert.Equal("AsyncHttp.CircuitOpen,AsyncHttp.Commands.InvokeConcurrentRequestCommand", last.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, last.CategoryInfo.Category);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_retried_request_shows_its_attempts_and_the_server_saw_each()
    {
        string key = SharedServer.NewRun("ps-flaky");
        var run = Ps.Run($$"""Invoke-ConcurrentRequest "$Server/flaky/{{key}}?fail=2&status=502" -RetryIntervalSec 0.1""");

        HttpResult result = Assert.Single(run.Results);
        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, (await SharedServer.HitsAsync(key)).Length);
    }
}

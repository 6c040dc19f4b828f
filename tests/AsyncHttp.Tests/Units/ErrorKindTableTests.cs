using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;

namespace AsyncHttp.Tests.Units;

/// <summary>Every kind has its row: an ErrorId, a PowerShell category, a retry rule, an exception family, and a line in the README's table that agrees.</summary>
public sealed class ErrorKindTableTests
{
    [Fact]
    public void Every_ErrorKind_has_its_ErrorId_category_retry_rule_exception_and_README_row()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        foreach (ErrorKind kind in Enum.GetValues<ErrorKind>())
        {
            Assert.Equal("AsyncHttp." + kind, ErrorKinds.ErrorId(kind));
            Assert.True(Enum.TryParse(ErrorKinds.Category(kind), out ErrorCategory category), $"{kind}: '{ErrorKinds.Category(kind)}' is not an ErrorCategory.");
            Assert.NotEqual(ErrorCategory.NotSpecified, category);

            Match row = Regex.Match(readme, $@"^\| `{kind}` \|[^|]*\|([^|]*)\|([^|]*)\|([^|]*)\|\s*$", RegexOptions.Multiline);
            Assert.True(row.Success, $"README's Kind table has no row for {kind}.");
            Assert.Equal(ErrorKinds.Category(kind), row.Groups[2].Value.Trim());
            string retried = row.Groups[1].Value.Trim();
            RetryRule documented = retried == "no" ? RetryRule.Never : retried.StartsWith("yes", StringComparison.Ordinal) ? RetryRule.Always : RetryRule.ByCause;
            Assert.True(documented == ErrorKinds.Retry(kind), $"{kind}: the README says '{retried}', the code's rule is {ErrorKinds.Retry(kind)}.");

            ErrorFamily family = ErrorKinds.Family(kind);
            string exception = family == ErrorFamily.Other ? "HttpRequestFailedException" : $"Http{family}Exception";
            Assert.Equal($"`{exception}`", row.Groups[3].Value.Trim());

            // A rule that depends on the cause must still answer when there is none.
            _ = ErrorKinds.IsTransient(kind, null, null);
        }
    }

    [Theory]
    [InlineData(ErrorKind.HttpStatus, 503, true)]
    [InlineData(ErrorKind.HttpStatus, 404, false)]
    [InlineData(ErrorKind.Proxy, 407, false)]
    [InlineData(ErrorKind.Proxy, null, true)]
    public void A_rule_by_cause_follows_the_status_code(ErrorKind kind, int? status, bool transient)
    {
        Assert.Equal(transient, ErrorKinds.IsTransient(kind, null, status));
    }

    [Fact]
    public void A_body_cut_short_is_transient_and_one_malformed_or_over_the_limit_is_not()
    {
        Assert.True(ErrorKinds.IsTransient(ErrorKind.Payload, new PayloadException("cut", 10, null), null));
        Assert.False(ErrorKinds.IsTransient(ErrorKind.Payload, new PayloadException("long line", 0, null, transient: false), null));
        Assert.False(ErrorKinds.IsTransient(ErrorKind.Payload, new System.Text.Json.JsonException("bad"), 200));
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AsyncHttp.Tests.Engine;
using Xunit;

namespace AsyncHttp.Tests.Mocking;

/// <summary>The mock transport: every rule form, its log, and the session's own behaviour running above it.</summary>
public sealed class HttpMockTests
{
    private static readonly Uri Api = new("http://api.test/");

    [Fact]
    public async Task A_rule_by_absolute_uri_answers_that_uri_only()
    {
        var mock = new HttpMock();
        mock.Add(Rule(r => r.Uri = new Uri("http://api.test/a?x=1"), Text("a")));
        using HttpSession session = Session(mock);

        Assert.Equal("a", (await EngineRunner.OneAsync(session, "a?x=1")).Content);
        Assert.Equal(ErrorKind.InvalidRequest, (await EngineRunner.OneAsync(session, "a?x=2")).Error?.Kind);
    }

    [Fact]
    public async Task A_rule_by_relative_uri_compares_the_path_and_query_on_any_host()
    {
        var mock = new HttpMock();
        mock.Add(Rule(r => r.Uri = new Uri("/items?page=2", UriKind.Relative), Text("two")));
        using HttpSession session = Session(mock);

        Assert.Equal("two", (await EngineRunner.OneAsync(session, "http://other.test/items?page=2")).Content);
        Assert.False((await EngineRunner.OneAsync(session, "items?page=3")).IsSuccess);
    }

    [Fact]
    public async Task A_rule_by_regex_or_wildcard_matches_the_absolute_uri()
    {
        var mock = new HttpMock();
        mock.Add(Rule(r => r.UriPattern = new Regex(@"/users/\d+$"), Text("user")));
        mock.Add(Rule(r => r.UriPattern = HttpMockRule.Wildcard("http://api.test/files/*.TXT"), Text("file")));
        using HttpSession session = Session(mock);

        Assert.Equal("user", (await EngineRunner.OneAsync(session, "users/42")).Content);
        Assert.Equal("file", (await EngineRunner.OneAsync(session, "files/a/b.txt")).Content);
        Assert.False((await EngineRunner.OneAsync(session, "users/bob")).IsSuccess);
    }

    [Fact]
    public async Task A_rule_by_method_headers_and_body_answers_only_requests_that_have_all_of_them()
    {
        var mock = new HttpMock();
        HttpMockRule rule = Rule(r => { r.Method = "post"; r.Body = "{\"a\":1}"; }, Text("exact"));
        rule.Headers.Add(new KeyValuePair<string, string>("X-Team", "bl*"));
        mock.Add(rule);
        mock.Add(Rule(r => r.BodyPattern = new Regex("\"a\":\\s*2"), Text("pattern")));
        using HttpSession session = Session(mock, o => o.Resilience.RetryNonIdempotent = true);

        var results = new List<HttpResult>();
        foreach (RequestSpec spec in new[] { Post("{\"a\":1}", "blue"), Post("{\"a\":1}", "red"), Post("{\"a\": 2}", null), new RequestSpec { Uri = "x" } })
        {
            results.AddRange(await EngineRunner.RunAsync(session, new[] { spec }));
        }

        Assert.Equal("exact", results[0].Content);
        Assert.Equal(ErrorKind.InvalidRequest, results[1].Error?.Kind);
        Assert.Equal("pattern", results[2].Content);
        Assert.Equal(ErrorKind.InvalidRequest, results[3].Error?.Kind);
        Assert.Equal(new[] { 0, -1, 1, -1 }, mock.Calls.Select(c => c.Rule));
    }

    [Fact]
    public async Task A_rule_answers_status_headers_and_body_and_the_session_keeps_its_cookie()
    {
        var mock = new HttpMock();
        HttpMockResponse answer = new HttpMockResponse { StatusCode = 201 }.WithText("{\"id\":7}", "application/json");
        answer.Headers.Add(new KeyValuePair<string, string>("Set-Cookie", "sid=s3cret; Path=/"));
        answer.Headers.Add(new KeyValuePair<string, string>("X-Request-Id", "r1"));
        mock.Add(Rule(r => r.Uri = new Uri("/login", UriKind.Relative), answer));
        mock.Add(Rule(r => r.Uri = new Uri("/me", UriKind.Relative), Text("me")));
        using HttpSession session = Session(mock);

        HttpResult login = await EngineRunner.OneAsync(session, "login");
        await EngineRunner.OneAsync(session, "me");

        Assert.Equal(201, login.StatusCode);
        Assert.Equal("application/json", login.ContentType);
        Assert.Equal("{\"id\":7}", login.Content);
        Assert.Equal("r1", login.Headers["X-Request-Id"]);
        Assert.Equal("s3cret", session.GetCookies(Api).Cast<Cookie>().Single().Value);
        Assert.Equal("sid=s3cret", mock.Calls[1].Headers["Cookie"]);
    }

    [Fact]
    public async Task Bytes_of_a_non_text_type_come_back_as_bytes_and_text_as_a_string()
    {
        var mock = new HttpMock();
        var blob = new HttpMockResponse { ContentType = "image/png" };
        blob.Parts.Add(new byte[] { 0x89, 0x50, 0x00, 0xFF });
        mock.Add(Rule(r => r.Uri = new Uri("/blob", UriKind.Relative), blob));
        mock.Add(Rule(r => r.Uri = new Uri("/text", UriKind.Relative), Text("caf\u00e9")));
        using HttpSession session = Session(mock);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x00, 0xFF }, Assert.IsType<byte[]>((await EngineRunner.OneAsync(session, "blob")).Content));
        Assert.Equal("caf\u00e9", Assert.IsType<string>((await EngineRunner.OneAsync(session, "text")).Content));
    }

    [Fact]
    public async Task A_body_in_parts_arrives_part_by_part_with_the_interval_between_them()
    {
        var mock = new HttpMock();
        var answer = new HttpMockResponse { Interval = TimeSpan.FromMilliseconds(50) };
        answer.Parts.Add(Encoding.UTF8.GetBytes("one\n"));
        answer.Parts.Add(Encoding.UTF8.GetBytes("two\n"));
        mock.Add(new HttpMockRule { Response = answer });
        using var client = new HttpClient(mock);

        using HttpResponseMessage response = await client.GetAsync(Api, HttpCompletionOption.ResponseHeadersRead);
        using Stream body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[100];
        int first = await body.ReadAsync(buffer, 0, buffer.Length);
        int second = await body.ReadAsync(buffer, 0, buffer.Length);

        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal(4, first);
        Assert.Equal("two\n", Encoding.UTF8.GetString(buffer, 0, second));
        Assert.Equal(0, await body.ReadAsync(buffer, 0, buffer.Length));
    }

    [Theory]
    [InlineData(ErrorKind.Dns, 1)]
    [InlineData(ErrorKind.ConnectionRefused, 3)]
    [InlineData(ErrorKind.ConnectionReset, 3)]
    [InlineData(ErrorKind.ConnectTimeout, 3)]
    [InlineData(ErrorKind.Timeout, 3)]
    [InlineData(ErrorKind.Tls, 1)]
    public async Task A_rule_that_fails_with_a_kind_gives_that_kind_and_retries_as_the_network_failure_would(ErrorKind kind, int attempts)
    {
        var mock = new HttpMock();
        mock.Add(new HttpMockRule { Response = new HttpMockResponse { Fail = kind } });
        using HttpSession session = Session(mock);

        HttpResult result = await EngineRunner.OneAsync(session, "x");

        Assert.Equal(kind, result.Error?.Kind);
        Assert.Equal(attempts, result.Attempts);
    }

    [Fact]
    public void A_rule_cannot_fail_with_a_kind_the_network_does_not_throw()
    {
        var mock = new HttpMock();
        var ex = Assert.Throws<ArgumentException>(() => mock.Add(new HttpMockRule { Response = new HttpMockResponse { Fail = ErrorKind.HttpStatus } }));
        Assert.Contains("HttpStatus", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => mock.Add(new HttpMockRule { Times = 0 }));
    }

    [Fact]
    public async Task Rules_with_times_answer_in_order_then_the_next_rule_answers_forever()
    {
        var mock = new HttpMock();
        mock.Add(new HttpMockRule { Times = 2, Response = new HttpMockResponse { StatusCode = 503 } });
        mock.Add(new HttpMockRule { Response = new HttpMockResponse().WithText("ok") });
        using HttpSession session = Session(mock);

        HttpResult first = await EngineRunner.OneAsync(session, "x");
        HttpResult second = await EngineRunner.OneAsync(session, "x");

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.Equal(3, first.Attempts);
        Assert.Equal(1, second.Attempts);
        Assert.Equal(new[] { 0, 0, 1, 1 }, mock.Calls.Select(c => c.Rule));
        Assert.Equal(2, mock.Rules[0].Used);
    }

    [Fact]
    public async Task A_responder_makes_the_answer_from_the_request()
    {
        var mock = new HttpMock();
        mock.Add(new HttpMockRule { Responder = (call, token) => Task.FromResult(new HttpMockResponse().WithText(call.Method + " " + call.Uri.Query)) });
        using HttpSession session = Session(mock);

        Assert.Equal("GET ?q=1", (await EngineRunner.OneAsync(session, "x?q=1")).Content);
    }

    [Fact]
    public async Task A_delay_longer_than_the_timeout_gives_Timeout_and_the_call_is_logged()
    {
        var mock = new HttpMock();
        mock.Add(new HttpMockRule { Response = new HttpMockResponse { Delay = TimeSpan.FromSeconds(30) } });
        using HttpSession session = Session(mock, o => { o.Resilience.Timeout = TimeSpan.FromMilliseconds(300); o.Resilience.MaximumRetryCount = 0; });

        HttpResult result = await EngineRunner.OneAsync(session, "slow");

        Assert.Equal(ErrorKind.Timeout, result.Error?.Kind);
        Assert.Single(mock.Calls);
    }

    [Fact]
    public async Task A_redirect_is_followed_through_the_mock()
    {
        var mock = new HttpMock();
        var moved = new HttpMockResponse { StatusCode = 302 };
        moved.Headers.Add(new KeyValuePair<string, string>("Location", "/new"));
        mock.Add(Rule(r => r.Uri = new Uri("/old", UriKind.Relative), moved));
        mock.Add(Rule(r => r.Uri = new Uri("/new", UriKind.Relative), Text("new")));
        using HttpSession session = Session(mock);

        HttpResult result = await EngineRunner.OneAsync(session, "old");

        Assert.Equal("new", result.Content);
        Assert.Equal(new Uri("http://api.test/new"), result.Uri);
    }

    [Fact]
    public async Task An_unmatched_request_fails_naming_the_request_without_its_secrets_and_listing_the_rules()
    {
        var mock = new HttpMock();
        mock.Add(Rule(r => r.Uri = new Uri("/known", UriKind.Relative), Text("k")));
        using HttpSession session = Session(mock);

        HttpResult result = await EngineRunner.OneAsync(session, "http://user:pw@api.test/unknown?token=abc", method: "DELETE");

        Assert.Equal(ErrorKind.InvalidRequest, result.Error?.Kind);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("No mock rule matches DELETE http://api.test/unknown?token=***", result.Error!.Message);
        Assert.Contains("/known", result.Error.Message);
        Assert.DoesNotContain("abc", result.Error.Message);
        Assert.DoesNotContain("pw", result.Error.Message);
        Assert.Equal(-1, mock.Calls.Single().Rule);
    }

    [Fact]
    public async Task An_unmatched_request_goes_to_the_network_when_the_mock_passes_it_through()
    {
        var mock = new HttpMock { PassThroughUnmatched = true };
        mock.Add(Rule(r => r.Uri = new Uri("/mocked", UriKind.Relative), Text("mocked")));
        using HttpSession session = Session(mock, o => o.BaseUri = SharedServer.BaseUri);

        HttpResult real = await EngineRunner.OneAsync(session, "small");
        HttpResult mocked = await EngineRunner.OneAsync(session, "mocked");

        Assert.True(real.IsSuccess, real.Error?.Message);
        Assert.Equal("mocked", mocked.Content);
        Assert.Equal(new[] { -1, 0 }, mock.Calls.Select(c => c.Rule));
    }

    [Fact]
    public async Task The_log_keeps_method_uri_headers_and_body_and_outlives_the_session()
    {
        var mock = new HttpMock();
        mock.Add(new HttpMockRule());
        using (HttpSession session = Session(mock, o => o.Resilience.RetryNonIdempotent = true))
        {
            await EngineRunner.RunAsync(session, new[] { Post("hello", "blue") });
        }
        using HttpSession again = Session(mock);
        await EngineRunner.OneAsync(again, "second");

        HttpMockCall call = mock.Calls[0];
        Assert.Equal("POST", call.Method);
        Assert.Equal(new Uri("http://api.test/x"), call.Uri);
        Assert.Equal("blue", call.Headers["x-team"]);
        Assert.Equal("hello", call.Body);
        Assert.Equal(2, mock.Calls.Count);
        mock.ClearCalls();
        Assert.Empty(mock.Calls);
    }

    private static RequestSpec Post(string body, string? team)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (team is not null)
        {
            headers.Add(new KeyValuePair<string, string>("X-Team", team));
        }
        return new RequestSpec { Uri = "x", Method = "POST", Body = body, ContentType = "application/json", Headers = headers };
    }

    private static HttpMockResponse Text(string text) => new HttpMockResponse().WithText(text);

    private static HttpMockRule Rule(Action<HttpMockRule> match, HttpMockResponse answer)
    {
        var rule = new HttpMockRule { Response = answer };
        match(rule);
        return rule;
    }

    private static HttpSession Session(HttpMock mock, Action<SessionOptions>? configure = null)
    {
        var options = new SessionOptions { BaseUri = Api, Transport = mock };
        options.Resilience.RetryInterval = TimeSpan.Zero;
        configure?.Invoke(options);
        return new HttpSession(options);
    }
}

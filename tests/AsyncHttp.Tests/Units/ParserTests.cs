using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace AsyncHttp.Tests.Units;

/// <summary>The parsers and rules on their own, without a server: lines, events, charsets, redirects, Retry-After, cookie files, redaction.</summary>
public sealed class ParserTests
{
    [Fact]
    public void Lines_are_cut_at_CR_LF_and_CRLF_across_chunks_and_a_leading_BOM_is_dropped()
    {
        var splitter = new LineSplitter(Encoding.UTF8, 100);
        var lines = new List<string>();
        byte[] body = Encoding.UTF8.GetBytes("\uFEFFone\r\ntwo\rthree\nfour é");
        // One byte at a time: a CRLF and a two-byte character both split across chunks.
        for (int i = 0; i < body.Length; i++)
        {
            splitter.Add(body, i, 1, lines);
        }

        Assert.Equal(new[] { "one", "two", "three" }, lines);
        Assert.Equal("four é", splitter.Finish());
    }

    [Fact]
    public void A_line_over_the_limit_is_Payload_naming_the_limit_and_not_transient()
    {
        var splitter = new LineSplitter(Encoding.UTF8, 4);
        var error = Assert.Throws<PayloadException>(() => splitter.Add(Encoding.UTF8.GetBytes("12345"), 0, 5, new List<string>()));

        Assert.Contains("4 characters", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Server_sent_events_join_data_lines_keep_the_last_id_and_skip_comments_and_empty_events()
    {
        var parser = new SseParser(1000);
        string[] stream = { ": comment", "event: update", "data: a", "data:b", "id: 7", "retry: 1500", "", "", "data: next", "" };
        var events = stream.Select(parser.Add).Where(e => e is not null).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal(("update", "a\nb", "7", (int?)1500), (events[0]!.Event, events[0]!.Data, events[0]!.Id, events[0]!.Retry));
        Assert.Equal(("message", "next", "7", (int?)null), (events[1]!.Event, events[1]!.Data, events[1]!.Id, events[1]!.Retry));
    }

    [Theory]
    [InlineData("text/plain; charset=iso-8859-1", "iso-8859-1")]
    [InlineData("text/plain; charset=\"utf-16\"", "utf-16")]
    [InlineData("text/plain; charset=no-such-charset", "utf-8")]
    [InlineData("application/json", "utf-8")]
    public void A_charset_names_its_encoding_and_an_unknown_or_missing_one_is_UTF8(string contentType, string expected)
    {
        Assert.Equal(expected, Charset.Of(MediaTypeHeaderValue.Parse(contentType)).WebName);
    }

    [Theory]
    [InlineData(303, "POST", "GET", false)]
    [InlineData(302, "POST", "GET", false)]
    [InlineData(301, "PUT", "PUT", true)]
    [InlineData(307, "POST", "POST", true)]
    [InlineData(308, "PATCH", "PATCH", true)]
    [InlineData(303, "HEAD", "HEAD", true)]
    public void A_redirect_keeps_or_drops_the_method_and_body_as_browsers_do(int status, string method, string after, bool withBody)
    {
        (HttpMethod next, bool body) = Redirects.MethodAfter((HttpStatusCode)status, new HttpMethod(method));

        Assert.Equal(after, next.Method);
        Assert.Equal(withBody, body);
    }

    [Fact]
    public void A_redirect_target_resolves_against_the_request_and_only_http_counts()
    {
        var from = new Uri("https://a.example/x/y");
        using var relative = new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("../z", UriKind.Relative) } };
        using var ftp = new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("ftp://a.example/f") } };
        using var ok = new HttpResponseMessage(HttpStatusCode.OK) { Headers = { Location = new Uri("https://b.example/") } };

        Assert.Equal(new Uri("https://a.example/z"), Redirects.Target(relative, from, allowInsecure: false));
        Assert.Contains("ftp://a.example/f", Assert.Throws<RedirectRefusedException>(() => Redirects.Target(ftp, from, allowInsecure: false)).Message);
        Assert.False(Redirects.IsRedirect(ok));
        Assert.True(Redirects.IsDowngrade(from, new Uri("http://a.example/")));
        Assert.False(Redirects.SameOrigin(from, new Uri("https://a.example:8443/")));
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_the_time_until_its_date_and_a_past_date_is_no_wait()
    {
        var now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(120), AttemptResponse.ReadRetryAfter(RetryConditionHeaderValue.Parse("120"), now));
        Assert.Equal(TimeSpan.FromSeconds(90), AttemptResponse.ReadRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, AttemptResponse.ReadRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(AttemptResponse.ReadRetryAfter(null, now));
    }

    [Fact]
    public void A_cookie_file_keeps_cookies_across_jars_and_leaves_out_expired_ones()
    {
        string file = Path.Combine(Path.GetTempPath(), $"asynchttp-cookies-{Guid.NewGuid():N}.json");
        try
        {
            var jar = new CookieContainer();
            jar.Add(new Cookie("sid", "s3cret", "/", "a.example") { Secure = true, HttpOnly = true });
            jar.Add(new Cookie("old", "x", "/", "a.example") { Expires = DateTime.UtcNow.AddDays(-1) });
            CookieFile.Save(jar, file);
            var again = new CookieContainer();
            int loaded = CookieFile.Load(again, file);

            Assert.Equal(1, loaded);
            Cookie sid = again.GetCookies(new Uri("https://a.example/")).Cast<Cookie>().Single();
            Assert.Equal(("sid", "s3cret", true, true), (sid.Name, sid.Value, sid.Secure, sid.HttpOnly));
            Assert.Equal(0, CookieFile.Load(new CookieContainer(), file + ".missing"));
            File.WriteAllText(file, "not json");
            Assert.Contains(file, Assert.Throws<ArgumentException>(() => CookieFile.Load(new CookieContainer(), file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("https://user:pass@a.example/p?token=abc&x=1", "https://a.example/p?token=***&x=***")]
    [InlineData("https://a.example/p?flag", "https://a.example/p?flag")]
    [InlineData("http://a.example:8080/", "http://a.example:8080/")]
    public void A_URI_is_shown_without_its_user_information_or_query_values(string uri, string shown)
    {
        Assert.Equal(shown, Redact.Uri(new Uri(uri)));
    }
}

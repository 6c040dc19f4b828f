using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>A session over a given transport: cookies, decompression, redirects and retries all run above it.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task A_session_over_a_given_transport_keeps_cookies_decompresses_follows_redirects_and_retries_above_it()
    {
        var transport = new ScriptedTransport();
        var options = new SessionOptions { BaseUri = new Uri("http://mock.invalid/"), Transport = transport };
        options.Headers.Add(new KeyValuePair<string, string>("X-Team", "blue"));
        options.Resilience.RetryInterval = TimeSpan.Zero;
        using var session = new HttpSession(options);

        HttpResult login = await EngineRunner.OneAsync(session, "login");
        HttpResult moved = await EngineRunner.OneAsync(session, "moved");
        HttpResult flaky = await EngineRunner.OneAsync(session, "flaky");

        Assert.True(login.IsSuccess, login.Error?.Message);
        Assert.Equal("hello, compressed", moved.Content);
        Assert.Equal(new Uri("http://mock.invalid/gz"), moved.Uri);
        Assert.True(flaky.IsSuccess, flaky.Error?.Message);
        Assert.Equal(2, flaky.Attempts);
        Assert.Equal(new[] { "/login", "/moved", "/gz", "/flaky", "/flaky" }, transport.Seen.Select(r => r.Path));
        Seen gz = transport.Seen[2];
        Assert.Equal("sid=s3cret", gz.Cookie);
        Assert.Equal("blue", gz.Team);
        Assert.Contains("gzip", gz.AcceptEncoding);
        Assert.Equal("s3cret", session.GetCookies(new Uri("http://mock.invalid/")).Cast<Cookie>().Single().Value);
    }

    private sealed record Seen(string Path, string? Cookie, string? Team, string AcceptEncoding);

    /// <summary>Answers by path, as a mock transport would, and remembers what each request carried.</summary>
    private sealed class ScriptedTransport : HttpMessageHandler
    {
        private int _flaky;

        public List<Seen> Seen { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string path = request.RequestUri!.AbsolutePath;
            lock (Seen)
            {
                Seen.Add(new Seen(path, Header(request, "Cookie"), Header(request, "X-Team"), string.Join(",", request.Headers.AcceptEncoding)));
            }
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("ok") };
            switch (path)
            {
                case "/login":
                    response.Headers.Add("Set-Cookie", "sid=s3cret; Path=/");
                    break;
                case "/moved":
                    response.StatusCode = HttpStatusCode.Found;
                    response.Headers.Location = new Uri("/gz", UriKind.Relative);
                    break;
                case "/gz":
                    response.Content = Gzip("hello, compressed");
                    break;
                case "/flaky" when Interlocked.Increment(ref _flaky) == 1:
                    response.StatusCode = HttpStatusCode.ServiceUnavailable;
                    break;
            }
            return Task.FromResult(response);
        }

        private static string? Header(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join("; ", values) : null;

        private static HttpContent Gzip(string text)
        {
            var packed = new MemoryStream();
            using (var zip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(Encoding.UTF8.GetBytes(text));
            }
            var content = new ByteArrayContent(packed.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            content.Headers.ContentEncoding.Add("gzip");
            return content;
        }
    }
}

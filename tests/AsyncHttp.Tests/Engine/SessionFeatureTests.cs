using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>What New-HttpSession offers, against the real servers: auth, redirects, TLS, HTTP/2, compression, cookies.</summary>
public sealed class SessionFeatureTests
{
    private static Uri Tls => SharedServer.Get().TlsUri;

    [Fact]
    public async Task Basic_credentials_go_over_https_and_are_refused_over_http_before_anything_is_sent()
    {
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Credential = new NetworkCredential("ada", "s3cret!");
            o.SkipCertificateCheck = true;
        });
        HttpResult overTls = await EngineRunner.OneAsync(session, new Uri(Tls, "basic-auth/ada/s3cret!").ToString());
        string key = SharedServer.NewRun("plain-auth");
        HttpResult overHttp = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=0");

        Assert.True(overTls.IsSuccess, overTls.Error?.Message);
        Assert.Equal(ErrorKind.InvalidRequest, overHttp.Error!.Kind);
        Assert.Contains("AllowUnencryptedAuthentication", overHttp.Error.Message);
        Assert.DoesNotContain("s3cret", overHttp.Error.Message);
        Assert.Empty(await SharedServer.HitsAsync(key));
    }

    [Fact]
    public async Task AllowUnencryptedAuthentication_sends_a_bearer_token_over_http()
    {
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Token = Secure("tok-123");
            o.AllowUnencryptedAuthentication = true;
        });
        HttpResult result = await EngineRunner.OneAsync(session, "bearer");

        Assert.True(result.IsSuccess);
        Assert.Contains("tok-123", (string)result.Content!);
    }

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("localhost", false, false)]
    [InlineData("localhost", true, true)]
    public async Task Authorization_is_dropped_when_a_redirect_crosses_to_another_host_unless_preserved(string targetHost, bool preserve, bool expectSent)
    {
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Token = Secure("tok-redirect");
            o.AllowUnencryptedAuthentication = true;
            o.PreserveAuthorizationOnRedirect = preserve;
        });
        int port = SharedServer.BaseUri.Port;
        HttpResult result = await EngineRunner.OneAsync(session, $"redirect-to?url=http://{targetHost}:{port}/echo");

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(targetHost, result.Uri!.Host);
        using JsonDocument echo = JsonDocument.Parse((string)result.Content!);
        bool sent = echo.RootElement.GetProperty("headers").TryGetProperty("Authorization", out _);
        Assert.Equal(expectSent, sent);
    }

    [Theory]
    [InlineData(303, "GET", "")]
    [InlineData(302, "GET", "")]
    [InlineData(307, "POST", "payload")]
    [InlineData(308, "POST", "payload")]
    public async Task Redirects_after_POST_follow_the_rules_for_method_and_body(int status, string method, string body)
    {
        using HttpSession session = EngineRunner.Session();
        var spec = new RequestSpec { Uri = $"redirect-to?status={status}&url=/echo", Method = "POST", Body = "payload" };
        var result = (await EngineRunner.RunAsync(session, new[] { spec }))[0];

        using JsonDocument echo = JsonDocument.Parse((string)result.Content!);
        Assert.Equal(method, echo.RootElement.GetProperty("method").GetString());
        Assert.Equal(body, echo.RootElement.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task Compressed_bodies_are_decompressed(string encoding)
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "compressed/" + encoding, new RunOptions { AsJson = true });

        Assert.True(result.IsSuccess, result.Error?.Message);
        var json = (JsonObject)result.Content!;
        Assert.Equal(encoding, json.Properties.Single(p => p.Key == "compressed").Value);
    }

    [Fact]
    public async Task HttpVersion_2_speaks_HTTP2_over_TLS_and_the_default_is_1_1()
    {
        using HttpSession two = EngineRunner.Session(o => { o.HttpVersion = HttpVersion.Version20; o.SkipCertificateCheck = true; });
        using HttpSession one = EngineRunner.Session(o => o.SkipCertificateCheck = true);
        HttpResult viaTwo = await EngineRunner.OneAsync(two, new Uri(Tls, "protocol").ToString());
        HttpResult viaOne = await EngineRunner.OneAsync(one, new Uri(Tls, "protocol").ToString());

        Assert.Equal("2.0", viaTwo.HttpVersion);
        Assert.Contains("HTTP/2", (string)viaTwo.Content!);
        Assert.Equal("1.1", viaOne.HttpVersion);
    }

    [Fact]
    public async Task A_minimum_TLS_version_the_server_lacks_fails_as_Tls_and_one_it_has_succeeds()
    {
        string uri = new Uri(SharedServer.Get().Tls12Uri, "protocol").ToString();
        using HttpSession tls13 = EngineRunner.Session(o => { o.SslProtocols = SslProtocols.Tls13; o.SkipCertificateCheck = true; });
        using HttpSession tls12 = EngineRunner.Session(o => { o.SslProtocols = SslProtocols.Tls12; o.SkipCertificateCheck = true; });

        HttpResult refused = await EngineRunner.OneAsync(tls13, uri);
        HttpResult accepted = await EngineRunner.OneAsync(tls12, uri);

        Assert.Equal(ErrorKind.Tls, refused.Error!.Kind);
        Assert.True(accepted.IsSuccess, accepted.Error?.Message);
        Assert.Contains("Tls12", (string)accepted.Content!);
    }

    [Fact]
    public async Task The_default_certificate_check_names_why_a_self_signed_server_is_refused()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, new Uri(Tls, "json").ToString());

        Assert.Equal(ErrorKind.Tls, result.Error!.Kind);
        Assert.Contains("certificate", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("UntrustedRoot|RemoteCertificateChainErrors|PartialChain", result.Error.Message + result.Error.GetException());
    }

    [Fact]
    public async Task A_client_certificate_is_presented_to_a_server_that_asks_for_one()
    {
        using X509Certificate2 certificate = ClientCertificate("CN=asynchttp-client");
        string uri = new Uri(SharedServer.Get().MutualTlsUri, "client-cert").ToString();
        using HttpSession withCertificate = EngineRunner.Session(o => { o.ClientCertificate = certificate; o.SkipCertificateCheck = true; });
        using HttpSession without = EngineRunner.Session(o => { o.SkipCertificateCheck = true; o.Resilience.MaximumRetryCount = 0; });

        HttpResult accepted = await EngineRunner.OneAsync(withCertificate, uri);
        HttpResult refused = await EngineRunner.OneAsync(without, uri);

        Assert.True(accepted.IsSuccess, accepted.Error?.Message);
        Assert.Contains("CN=asynchttp-client", (string)accepted.Content!);
        Assert.False(refused.IsSuccess);
    }

    [Fact]
    public async Task Seeded_cookies_are_sent_and_the_jar_survives_a_save_and_a_load_with_owner_only_permissions()
    {
        string file = Path.Combine(Path.GetTempPath(), "asynchttp-cookies-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var jar = new CookieContainer();
            jar.Add(SharedServer.BaseUri, new Cookie("seed", "planted"));
            using (HttpSession first = EngineRunner.Session(o => { o.Cookies = jar; o.CookieFile = file; }))
            {
                await EngineRunner.OneAsync(first, "cookies/set?login=token-abc");
                Assert.Equal("token-abc", first.GetCookies(SharedServer.BaseUri)["login"]!.Value);
            }
            Assert.True(File.Exists(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            using HttpSession second = EngineRunner.Session(o => o.CookieFile = file);
            HttpResult seen = await EngineRunner.OneAsync(second, "cookies", new RunOptions { AsJson = true });
            var cookies = ((JsonObject)seen.Content!).Properties.ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("token-abc", cookies["login"]);
            Assert.Equal("planted", cookies["seed"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Set_Cookie_values_do_not_appear_in_the_result_headers()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "cookies/set?sid=very-secret-value");

        Assert.Contains("sid=(redacted)", result.Headers["Set-Cookie"]);
        Assert.DoesNotContain("very-secret-value", result.Headers["Set-Cookie"]);
        Assert.Equal("very-secret-value", session.GetCookies(SharedServer.BaseUri)["sid"]!.Value);
    }

    [Fact]
    public async Task Relative_uris_resolve_by_the_rules_of_RFC_3986()
    {
        using HttpSession session = EngineRunner.Session(o => o.BaseUri = new Uri(SharedServer.BaseUri, "redirect/"));
        var specs = new[] { "0", "/echo", "../json", "?q=1" }.Select(u => new RequestSpec { Uri = u });
        var results = await EngineRunner.RunAsync(session, specs, new RunOptions { Ordered = true, SkipHttpErrorCheck = true });

        Assert.Equal(new[] { "/redirect/0", "/echo", "/json", "/redirect/" }, results.Select(r => r.RequestUri!.AbsolutePath));
        Assert.Equal("?q=1", results[3].RequestUri!.Query);
    }

    internal static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }

    private static X509Certificate2 ClientCertificate(string subject)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, false));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

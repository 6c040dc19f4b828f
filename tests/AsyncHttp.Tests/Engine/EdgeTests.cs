using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>Misbehaving servers and local trouble: nothing lost, nothing leaked, a clear error.</summary>
public sealed class EdgeTests
{
    [Fact]
    public void Bodies_kept_in_memory_are_limited_to_256_MiB_by_default()
    {
        Assert.Equal(256L * 1024 * 1024, SessionDefaults.MaximumResponseSize);
        Assert.Equal(SessionDefaults.MaximumResponseSize, new SessionOptions().MaximumResponseSize);
    }

    [Fact]
    public async Task A_gzip_bomb_past_MaximumResponseSize_fails_as_Payload_counted_on_decoded_bytes_and_is_not_retried()
    {
        using HttpSession session = EngineRunner.Session(o => o.MaximumResponseSize = 1024 * 1024);
        HttpResult result = await EngineRunner.OneAsync(session, "edge/gzip-bomb/64");

        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("1 MiB MaximumResponseSize", result.Error.Message);
        Assert.Contains("-OutDirectory", result.Error.Message);
        Assert.Contains("Receive-HttpStream", result.Error.Message);
    }

    [Fact]
    public async Task A_body_at_the_limit_is_kept_and_one_byte_more_is_refused()
    {
        using HttpSession session = EngineRunner.Session(o => o.MaximumResponseSize = 1024 * 1024);
        HttpResult atLimit = await EngineRunner.OneAsync(session, "edge/gzip-bomb/1");
        HttpResult perCall = await EngineRunner.OneAsync(session, "edge/gzip-bomb/1", new RunOptions { MaximumResponseSize = 1024 * 1024 - 1 });

        Assert.Null(atLimit.Error);
        Assert.Equal(1024 * 1024, atLimit.ContentLength);
        Assert.Equal(ErrorKind.Payload, perCall.Error!.Kind);
        Assert.Contains("1048575 bytes MaximumResponseSize", perCall.Error.Message);
    }

    [Fact]
    public async Task A_Content_Length_claim_past_the_limit_fails_at_once_without_reserving_it()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "edge/claims-length/2000000000");

        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("256 MiB MaximumResponseSize", result.Error.Message);
    }

    [Fact]
    public async Task Bodies_saved_to_a_folder_are_not_limited()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            using HttpSession session = EngineRunner.Session(o => o.MaximumResponseSize = 1024);
            HttpResult result = await EngineRunner.OneAsync(session, "bytes/100000", new RunOptions { OutDirectory = folder });

            Assert.Null(result.Error);
            Assert.Equal(100000, new FileInfo(result.OutFile!).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(0x7FFFFFC8L)]
    public void A_MaximumResponseSize_no_array_can_hold_is_refused(long size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HttpSession(new SessionOptions { MaximumResponseSize = size }));
        Assert.Contains(size.ToString(), error.Message);
    }

    [Fact]
    public async Task Saves_of_one_cookie_file_from_many_threads_at_once_never_collide()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            string file = Path.Combine(folder, "jar.json");
            using HttpSession session = EngineRunner.Session(o => o.CookieFile = file);
            session.Cookies.Add(new Cookie("sid", "abc", "/", "127.0.0.1"));
            var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                for (int i = 0; i < 300; i++)
                {
                    session.SaveCookieFile();
                }
            })).ToArray();
            await Task.WhenAll(workers);

            using HttpSession next = EngineRunner.Session(o => o.CookieFile = file);
            Assert.Equal("abc", next.GetCookies(new Uri("http://127.0.0.1/"))["sid"]?.Value);
            Assert.Equal(new[] { "jar.json" }, Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_cookie_file_that_cannot_be_saved_is_refused_when_the_session_is_made()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            string missing = Path.Combine(folder, "no-such-folder", "jar.json");
            var error = Assert.Throws<ArgumentException>(() => new HttpSession(new SessionOptions { CookieFile = missing }));
            Assert.Contains(missing, error.Message);
            Assert.Throws<ArgumentException>(() => new HttpSession(new SessionOptions { CookieFile = folder }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("[null]")]
    [InlineData("[{\"Name\": null, \"Value\": \"x\"}]")]
    public void A_cookie_file_with_null_entries_is_refused_naming_the_file(string json)
    {
        string file = Path.Combine(Path.GetTempPath(), "asynchttp-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        try
        {
            var error = Assert.Throws<ArgumentException>(() => new HttpSession(new SessionOptions { CookieFile = file }));
            Assert.Contains(file, error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_full_disk_under_OutDirectory_is_FileWrite_not_retried_and_leaves_no_partial_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            // The partial file is /dev/full, where every write fails with "No space left on device".
            File.CreateSymbolicLink(Path.Combine(folder, "000000-100000.partial"), "/dev/full");
            using HttpSession session = EngineRunner.Session();
            HttpResult result = await EngineRunner.OneAsync(session, "bytes/100000", new RunOptions { OutDirectory = folder });

            Assert.Equal(ErrorKind.FileWrite, result.Error!.Kind);
            Assert.False(result.Error.IsTransient);
            Assert.Equal(1, result.Attempts);
            Assert.Contains("000000-100000", result.Error.Message);
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_body_that_does_not_decompress_is_Payload_and_not_retried()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "edge/bad-gzip");

        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("decompress", result.Error.Message);
    }

    [Fact]
    public async Task A_run_stopped_midway_has_removed_its_partial_files_when_Dispose_returns()
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-edge-").FullName;
        try
        {
            using HttpSession session = EngineRunner.Session();
            var runner = new RequestRunner(session, new RunOptions { OutDirectory = folder }, CancellationToken.None);
            // Bodies arriving at full speed: the threads that save them are busy when the run is stopped.
            for (int i = 0; i < 8; i++)
            {
                runner.Submit(new RequestSpec { Uri = "large/2000000000" });
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Directory.GetFiles(folder, "*.partial").Length < 8 && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(5);
            }
            Assert.Equal(8, Directory.GetFiles(folder, "*.partial").Length);

            runner.Dispose();

            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_redirect_from_https_down_to_http_is_refused_naming_both_ends_unless_allowed()
    {
        string plain = new Uri(SharedServer.BaseUri, "get").ToString();
        string path = "redirect-to?url=" + Uri.EscapeDataString(plain);
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.BaseUri = SharedServer.Get().TlsUri;
            o.SkipCertificateCheck = true;
        });
        HttpResult refused = await EngineRunner.OneAsync(session, path);
        HttpResult allowedByCall = await EngineRunner.OneAsync(session, path, new RunOptions { AllowInsecureRedirect = true });
        using HttpSession allowing = EngineRunner.Session(o =>
        {
            o.BaseUri = SharedServer.Get().TlsUri;
            o.SkipCertificateCheck = true;
            o.AllowInsecureRedirect = true;
        });
        HttpResult allowedBySession = await EngineRunner.OneAsync(allowing, path);

        Assert.Equal(ErrorKind.RedirectRefused, refused.Error!.Kind);
        Assert.Equal(1, refused.Attempts);
        Assert.Contains(SharedServer.Get().TlsUri.GetLeftPart(UriPartial.Authority) + "/redirect-to", refused.Error.Message);
        Assert.Contains(plain, refused.Error.Message);
        Assert.Contains("-AllowInsecureRedirect", refused.Error.Message);
        Assert.Equal(200, allowedByCall.StatusCode);
        Assert.Equal(200, allowedBySession.StatusCode);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/file", "ftp://127.0.0.1/file")]
    [InlineData("", "empty Location")]
    public async Task A_redirect_to_another_scheme_or_nowhere_is_RedirectRefused_saying_what_was_refused(string location, string named)
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "redirect-to?url=" + Uri.EscapeDataString(location));

        Assert.Equal(ErrorKind.RedirectRefused, result.Error!.Kind);
        Assert.Equal(1, result.Attempts);
        Assert.Contains(named, result.Error.Message);
        Assert.DoesNotContain("More than", result.Error.Message);
    }

    [Theory]
    [InlineData("Content-Length: 2\r\nContent-Length: 5", "conflicting Content-Length headers (2, 5)")]
    [InlineData("Content-Length: 2, 5", "conflicting Content-Length headers (2, 5)")]
    [InlineData("Content-Length: -1", "Content-Length '-1'")]
    public async Task A_response_with_conflicting_or_negative_Content_Length_is_Payload_and_not_retried(string headers, string named)
    {
        using var server = new RawHttpServer($"HTTP/1.1 200 OK\r\n{headers}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nhello");
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, server.Uri.ToString());

        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
        Assert.Equal(1, server.Requests);
        Assert.Contains(named, result.Error.Message);
    }
}

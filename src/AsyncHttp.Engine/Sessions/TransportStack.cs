using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// What the network handler does besides sending, for a session over a given transport: the cookie jar and
    /// decompression, so that a mock or tracing transport sees requests as the network would.
    /// </summary>
    internal static class TransportStack
    {
        public static HttpMessageHandler Over(HttpMessageHandler transport, CookieContainer cookies, bool decompress = true) =>
            new CookieHandler(cookies) { InnerHandler = decompress ? new DecompressionHandler { InnerHandler = transport } : transport };

        private sealed class CookieHandler : DelegatingHandler
        {
            private readonly CookieContainer _jar;

            public CookieHandler(CookieContainer jar)
            {
                _jar = jar;
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Uri uri = request.RequestUri!;
                string jarCookies = _jar.GetCookieHeader(uri);
                if (jarCookies.Length > 0)
                {
                    // As the network handler does: the request's own Cookie header first, then the jar's.
                    string own = request.Headers.TryGetValues("Cookie", out IEnumerable<string>? values) ? string.Join("; ", values) : string.Empty;
                    request.Headers.Remove("Cookie");
                    request.Headers.TryAddWithoutValidation("Cookie", own.Length > 0 ? own + "; " + jarCookies : jarCookies);
                }
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? setCookies))
                {
                    foreach (string setCookie in setCookies)
                    {
                        try
                        {
                            _jar.SetCookies(uri, setCookie);
                        }
                        catch (CookieException)
                        {
                            // A malformed cookie is dropped, as the network handler drops it.
                        }
                    }
                }
                return response;
            }
        }

        private sealed class DecompressionHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Headers.AcceptEncoding.Count == 0)
                {
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("deflate"));
                }
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                ICollection<string> encodings = response.Content.Headers.ContentEncoding;
                if (encodings.Count == 1)
                {
                    string encoding = string.Join(string.Empty, encodings).Trim();
                    if (string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase) || string.Equals(encoding, "deflate", StringComparison.OrdinalIgnoreCase))
                    {
                        response.Content = await DecompressAsync(response.Content, encoding).ConfigureAwait(false);
                    }
                }
                return response;
            }

            private static async Task<HttpContent> DecompressAsync(HttpContent compressed, string encoding)
            {
                Stream body = await compressed.ReadAsStreamAsync().ConfigureAwait(false);
                Stream decoded = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase)
                    ? new GZipStream(body, CompressionMode.Decompress)
                    : new DeflateStream(body, CompressionMode.Decompress);
                var content = new StreamContent(decoded);
                foreach (KeyValuePair<string, IEnumerable<string>> header in compressed.Headers)
                {
                    // The decoded body has another length, and no encoding.
                    if (!string.Equals(header.Key, "Content-Encoding", StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }
                return content;
            }
        }
    }
}

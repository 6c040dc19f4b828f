using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Opens one ClientWebSocket with the session's settings. On .NET 8+ the upgrade goes through the session's own
    /// handler (its proxy, TLS settings, client certificate and cookie jar); on the netstandard2.0 build through the
    /// settings ClientWebSocketOptions has, and what it lacks is refused before anything is sent.
    /// </summary>
    internal static class WebSocketConnector
    {
        // KeepAliveTimeout (pings that must be answered) exists from .NET 9; the net8.0 build finds it at run time.
        private static readonly PropertyInfo? KeepAliveTimeoutProperty = typeof(ClientWebSocketOptions).GetProperty("KeepAliveTimeout");

        /// <summary>An open socket, and whether the server took permessage-deflate; throws <see cref="WebSocketFailedException"/>.</summary>
        public static async Task<(ClientWebSocket Socket, bool Compressed)> ConnectAsync(HttpSession session, WebSocketOptions options, Uri uri, CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            TimeSpan timeout = options.ConnectTimeout ?? session.Options.Resilience.EffectiveAttemptTimeout;
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                bounded.CancelAfter(timeout);
            }
#if NET
            var capture = new RefusalCapture(session.Handler);
            using var invoker = new HttpMessageInvoker(capture, disposeHandler: false);
#endif
            try
            {
                Configure(socket.Options, session, options, uri);
#if NET
                await socket.ConnectAsync(uri, invoker, bounded.Token).ConfigureAwait(false);
                bool compressed = options.Compression && OffersDeflate(socket.HttpResponseHeaders);
                socket.HttpResponseHeaders = null;
                return (socket, compressed);
#else
                await socket.ConnectAsync(uri, bounded.Token).ConfigureAwait(false);
                return (socket, false);
#endif
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
#if NET
                // What ClientWebSocket itself kept of a refusal (CollectHttpResponseDetails), should the capture have missed it.
                int? refusedWith = capture.Status
                    ?? (socket.HttpStatusCode == 0 || socket.HttpStatusCode == HttpStatusCode.SwitchingProtocols ? (int?)null : (int)socket.HttpStatusCode);
#endif
                socket.Dispose();
                if (bounded.IsCancellationRequested && ex is OperationCanceledException)
                {
                    throw new WebSocketFailedException(new HttpError(ErrorKind.Timeout,
                        $"No WebSocket connection to {Redact.Uri(uri)} within {timeout.TotalSeconds} s (connection and upgrade).", ex) { IsTransient = true, Attempts = 1 });
                }
#if NET
                throw new WebSocketFailedException(WebSocketErrors.FromConnect(ex, uri, session.UsesProxy(uri), refusedWith, capture.Reason, capture.Body));
#else
                var (status, reason, body) = Refusal(ex);
                throw new WebSocketFailedException(WebSocketErrors.FromConnect(ex, uri, session.UsesProxy(uri), status, reason, body));
#endif
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static void Configure(ClientWebSocketOptions socket, HttpSession session, WebSocketOptions options, Uri uri)
        {
            if (session.Options.Transport is not null)
            {
                throw new InvalidRequestException("The session sends through a transport of its own (a mock), which cannot carry a WebSocket; use a session on the network.");
            }
            socket.KeepAliveInterval = options.KeepAliveInterval;
            if (options.KeepAliveTimeout is TimeSpan keepAliveTimeout)
            {
                if (KeepAliveTimeoutProperty is null)
                {
                    throw new InvalidRequestException(
                        $"KeepAliveTimeout needs .NET 9 or later (PowerShell 7.5+); this PowerShell runs on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}.");
                }
                KeepAliveTimeoutProperty.SetValue(socket, keepAliveTimeout);
            }
            foreach (string protocol in options.SubProtocols)
            {
                socket.AddSubProtocol(protocol);
            }
            var headers = new List<KeyValuePair<string, string>>(session.Headers);
            if (options.Headers is not null)
            {
                foreach (KeyValuePair<string, string> header in options.Headers)
                {
                    headers.RemoveAll(h => string.Equals(h.Key, header.Key, StringComparison.OrdinalIgnoreCase));
                    headers.Add(header);
                }
            }
            if (session.Authorization is not null && !headers.Exists(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                if (!WebSocketUris.IsSecure(uri) && !session.Options.AllowUnencryptedAuthentication)
                {
                    throw new InvalidRequestException(
                        $"The session's credentials are not sent over unencrypted ws ({Redact.Uri(uri)}); use wss, or -AllowUnencryptedAuthentication.");
                }
                headers.Add(new KeyValuePair<string, string>("Authorization", session.Authorization));
            }
            foreach (KeyValuePair<string, string> header in headers)
            {
                SetHeader(socket, header.Key, header.Value);
            }
#if NET
            socket.CollectHttpResponseDetails = true;
            if (options.Compression)
            {
                socket.DangerousDeflateOptions = new WebSocketDeflateOptions();
            }
#else
            RefuseWhatCannotWork(session, options);
            socket.Cookies = session.Cookies;
            if (session.Options.NoProxy)
            {
                socket.Proxy = null;
            }
            else if (session.Options.Proxy is not null)
            {
                socket.Proxy = new WebProxy(session.Options.Proxy)
                {
                    Credentials = session.Options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : session.Options.ProxyCredential,
                };
            }
            socket.UseDefaultCredentials = session.Options.UseDefaultCredentials;
            if (session.Options.ClientCertificate is not null)
            {
                socket.ClientCertificates.Add(session.Options.ClientCertificate);
            }
#endif
        }

        private static void SetHeader(ClientWebSocketOptions socket, string name, string value)
        {
            try
            {
                socket.SetRequestHeader(name, value);
            }
            catch (ArgumentException) when (string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                // .NET Framework lets no caller set User-Agent on a WebSocket; its own goes instead.
            }
            catch (ArgumentException ex)
            {
                throw new InvalidRequestException($"Header '{name}' cannot be sent with a WebSocket upgrade here: {ex.Message}");
            }
        }

#if NET
        private static bool OffersDeflate(IReadOnlyDictionary<string, IEnumerable<string>>? headers)
        {
            if (headers is null || !headers.TryGetValue("Sec-WebSocket-Extensions", out IEnumerable<string>? values))
            {
                return false;
            }
            foreach (string value in values)
            {
                if (value.TrimStart().StartsWith("permessage-deflate", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }
#else
        // .NET Framework's ClientWebSocket keeps a refused upgrade's response in the WebException it wraps; .NET's keeps none.
        private static (int? Status, string? Reason, string? Body) Refusal(Exception exception)
        {
            for (Exception? current = exception; current is not null; current = current.InnerException)
            {
                if (current is WebException { Response: HttpWebResponse response })
                {
                    string? body = null;
                    try
                    {
                        using var reader = new System.IO.StreamReader(response.GetResponseStream());
                        char[] start = new char[HttpErrors.ResponseBodyChars];
                        int read = reader.ReadBlock(start, 0, start.Length);
                        body = read > 0 ? new string(start, 0, read) : null;
                    }
                    catch (Exception ex) when (ex is System.IO.IOException || ex is WebException || ex is ObjectDisposedException)
                    {
                        // The refusal is reported with its status all the same.
                    }
                    return ((int)response.StatusCode, response.StatusDescription, body);
                }
            }
            return (null, null, null);
        }

        // What the netstandard2.0 ClientWebSocket has no setting for: refused, rather than silently not in force.
        private static void RefuseWhatCannotWork(HttpSession session, WebSocketOptions options)
        {
            const string Where = "on Windows PowerShell 5.1 (the module's netstandard2.0 build)";
            if (session.Options.SkipCertificateCheck)
            {
                throw new InvalidRequestException($"The session's SkipCertificateCheck cannot apply to a WebSocket {Where}: its WebSocket client has no per-connection certificate check. Use PowerShell 7, or a trusted certificate.");
            }
            if (session.Options.SslProtocols != System.Security.Authentication.SslProtocols.None)
            {
                throw new InvalidRequestException($"The session's SslProtocol cannot apply to a WebSocket {Where}: its WebSocket client has no per-connection TLS versions. Use PowerShell 7, or a session without -SslProtocol.");
            }
            if (session.Options.ProxyUseDefaultCredentials && session.Options.Proxy is null)
            {
                // Its only proxy without -Proxy is the process-wide one, whose credentials are not the session's to change.
                throw new InvalidRequestException($"The session's ProxyUseDefaultCredentials cannot apply to a WebSocket {Where} without -Proxy. Give -Proxy, or use PowerShell 7.");
            }
            if (options.Compression)
            {
                throw new InvalidRequestException($"Compression (permessage-deflate) is not available for a WebSocket {Where}. Use PowerShell 7.");
            }
        }
#endif
    }
}

using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Builds the pooled handler of a session from its options; every setting lives here, none process-wide.</summary>
    internal static class HandlerFactory
    {
        /// <summary>The handler; <paramref name="skipCertificateCheck"/> is apart from the options because a call may turn it either way.</summary>
        public static HttpMessageHandler Create(SessionOptions options, CookieContainer cookies, bool skipCertificateCheck, TraceHub? trace = null)
        {
#if NET
            var handler = new SocketsHttpHandler
            {
                CookieContainer = cookies,
                UseCookies = true,
                AutomaticDecompression = options.NoDecompression ? DecompressionMethods.None : DecompressionMethods.All,
                ConnectTimeout = options.ConnectTimeout ?? SessionDefaults.ConnectTimeout,
                MaxConnectionsPerServer = options.MaxConnectionsPerHost,
                // Redirects are followed by the session itself, which keeps credentials with their origin.
                AllowAutoRedirect = false,
                // Connections are recycled so that DNS changes are seen by long-lived sessions.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                // A stream closed early closes its connection at once, instead of reading on for up to two seconds
                // to reuse it: the server must see the consumer go. Bodies read to the end are not affected.
                MaxResponseDrainSize = 0,
            };
            // DNS, connect and TLS timings, and which connection each request used (the mock's pass-through has no session to trace for).
            Func<CancellationToken, ValueTask<Stream>>? open = options.UnixSocket is string socketPath
                ? cancellationToken => UnixSocketConnection.OpenAsync(socketPath, cancellationToken)
                : null;
            if (trace is not null)
            {
                ConnectionTracer.Install(handler, trace, open);
            }
            else if (open is not null)
            {
                handler.ConnectCallback = (context, cancellationToken) => open(cancellationToken);
            }
            if (options.Proxy is not null)
            {
                handler.Proxy = new WebProxy(options.Proxy) { Credentials = ProxyCredentials(options) };
                handler.UseProxy = true;
            }
            else if (options.ProxyUseDefaultCredentials)
            {
                handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
            }
            handler.UseProxy = !options.NoProxy;
            if (options.UseDefaultCredentials)
            {
                handler.Credentials = CredentialCache.DefaultCredentials;
            }
            if (skipCertificateCheck)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true;
            }
            handler.SslOptions.EnabledSslProtocols = options.SslProtocols;
            if (options.ClientCertificate is not null)
            {
                handler.SslOptions.ClientCertificates = new System.Security.Cryptography.X509Certificates.X509CertificateCollection { options.ClientCertificate };
            }
            return handler;
#else
            var handler = new HttpClientHandler
            {
                CookieContainer = cookies,
                UseCookies = true,
                AutomaticDecompression = options.NoDecompression ? DecompressionMethods.None : DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = options.MaxConnectionsPerHost,
                AllowAutoRedirect = false,
                // Unset, .NET Framework would take whatever the process-wide ServicePointManager allows (often TLS 1.0).
                SslProtocols = options.SslProtocols == SslProtocols.None ? PlatformLimits.CurrentTls : options.SslProtocols,
            };
            if (options.ClientCertificate is not null)
            {
                handler.ClientCertificates.Add(options.ClientCertificate);
            }
            if (options.Proxy is not null)
            {
                handler.Proxy = new WebProxy(options.Proxy) { Credentials = ProxyCredentials(options) };
                handler.UseProxy = true;
            }
            else if (options.ProxyUseDefaultCredentials)
            {
                handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
            }
            handler.UseProxy = !options.NoProxy;
            handler.UseDefaultCredentials = options.UseDefaultCredentials;
            if (skipCertificateCheck)
            {
                handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;
            }
            return handler;
#endif
        }

        private static ICredentials? ProxyCredentials(SessionOptions options) =>
            options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : options.ProxyCredential;
    }
}

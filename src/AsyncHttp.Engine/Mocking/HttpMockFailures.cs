using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.Timeout;

namespace AsyncHttp
{
    /// <summary>The exception the network would throw for a failure of a kind, so the session classifies and retries it as the real one.</summary>
    internal static class HttpMockFailures
    {
        /// <summary>The kinds a rule can fail with before any response.</summary>
        public static readonly ErrorKind[] Supported =
        {
            ErrorKind.Dns, ErrorKind.ConnectionRefused, ErrorKind.ConnectionReset, ErrorKind.ConnectTimeout, ErrorKind.Timeout, ErrorKind.Tls,
        };

        public static Exception For(ErrorKind kind, Uri uri)
        {
            string where = $"{uri.Host}:{uri.Port}";
            return kind switch
            {
                ErrorKind.Dns => new HttpRequestException($"No such host is known. ({where}) [mock]", new SocketException((int)SocketError.HostNotFound)),
                ErrorKind.ConnectionRefused => new HttpRequestException($"Connection refused ({where}) [mock]", new SocketException((int)SocketError.ConnectionRefused)),
                ErrorKind.ConnectionReset => new HttpRequestException($"The connection to {where} was reset. [mock]", new IOException("Connection reset by peer [mock]", new SocketException((int)SocketError.ConnectionReset))),
                ErrorKind.ConnectTimeout => new OperationCanceledException($"Connecting to {where} timed out. [mock]", new TimeoutException("The connect timeout elapsed. [mock]")),
                ErrorKind.Timeout => new TimeoutRejectedException($"The request to {where} timed out. [mock]"),
                ErrorKind.Tls => new HttpRequestException($"The TLS handshake with {where} failed. [mock]", new AuthenticationException("The remote certificate is invalid. [mock]")),
                _ => throw new ArgumentException(
                    $"A mock cannot fail with Kind {kind}; use one of {string.Join(", ", Supported)}, or answer with a status code for HttpStatus.", nameof(kind)),
            };
        }
    }
}

using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AsyncHttp
{
    /// <summary>Maps what HttpClient throws to an <see cref="ErrorKind"/>, and says whether a retry may help.</summary>
    internal static class ErrorClassifier
    {
        /// <summary>The kind of a failure. <paramref name="viaProxy"/> turns connection failures into Proxy ones.</summary>
        public static ErrorKind Classify(Exception exception, bool viaProxy = false)
        {
            switch (exception)
            {
                case InvalidRequestException _:
                    return ErrorKind.InvalidRequest;
                case FileWriteException _:
                    return ErrorKind.FileWrite;
                case RedirectRefusedException _:
                    return ErrorKind.RedirectRefused;
                case ReadTimeoutException _:
                    return ErrorKind.ReadTimeout;
                case PayloadException _:
                    return ErrorKind.Payload;
                case TimeoutRejectedException _:
                    return ErrorKind.Timeout;
                case BrokenCircuitException _:
                    return ErrorKind.CircuitOpen;
                case RateLimitStoreException _:
                    return ErrorKind.RateLimitStore;
                case ObjectDisposedException _:
                    return ErrorKind.Canceled;
                case OperationCanceledException canceled:
                    // SocketsHttpHandler reports its ConnectTimeout as a cancellation caused by a TimeoutException.
                    return canceled.InnerException is TimeoutException ? ErrorKind.ConnectTimeout : ErrorKind.Canceled;
                case HttpRequestException http:
                    ErrorKind kind = ClassifyHttp(http);
                    return viaProxy && IsConnectFailure(kind) ? ErrorKind.Proxy : kind;
                case AuthenticationException _:
                    return ErrorKind.Tls;
                case IOException _:
                    return ErrorKind.ConnectionReset;
                default:
                    return exception.InnerException is Exception inner ? Classify(inner, viaProxy) : ErrorKind.Payload;
            }
        }

        /// <summary>Whether a retry may cure the failure, by its kind's rule (<see cref="ErrorKinds"/>).</summary>
        public static bool IsTransient(Exception exception) => ErrorKinds.IsTransient(Classify(exception), exception, null);

        private static bool IsConnectFailure(ErrorKind kind) =>
            kind == ErrorKind.ConnectionRefused || kind == ErrorKind.ConnectTimeout || kind == ErrorKind.Dns || kind == ErrorKind.ConnectionReset;

        private static ErrorKind ClassifyHttp(HttpRequestException exception)
        {
#if NET
            switch (exception.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError:
                    return ErrorKind.Dns;
                case HttpRequestError.SecureConnectionError:
                    return ErrorKind.Tls;
                case HttpRequestError.ProxyTunnelError:
                    return ErrorKind.Proxy;
                case HttpRequestError.ResponseEnded:
                    return ErrorKind.ConnectionReset;
                case HttpRequestError.InvalidResponse:
                case HttpRequestError.ConfigurationLimitExceeded:
                    return ErrorKind.Payload;
            }
#endif
            if (FindInner<AuthenticationException>(exception) is not null)
            {
                return ErrorKind.Tls;
            }
#if !NET
            if (FindInner<WebException>(exception) is WebException web)
            {
                switch (web.Status)
                {
                    case WebExceptionStatus.NameResolutionFailure: return ErrorKind.Dns;
                    case WebExceptionStatus.ProxyNameResolutionFailure: return ErrorKind.Proxy;
                    case WebExceptionStatus.TrustFailure:
                    case WebExceptionStatus.SecureChannelFailure: return ErrorKind.Tls;
                    case WebExceptionStatus.ConnectFailure: return ErrorKind.ConnectionRefused;
                    case WebExceptionStatus.Timeout: return ErrorKind.ConnectTimeout;
                }
            }
#endif
            switch (FindSocketError(exception))
            {
                case SocketError.HostNotFound:
                case SocketError.NoData:
                case SocketError.TryAgain:
                    return ErrorKind.Dns;
                case SocketError.TimedOut:
                    return ErrorKind.ConnectTimeout;
                case SocketError.ConnectionReset:
                case SocketError.ConnectionAborted:
                case SocketError.Shutdown:
                    return ErrorKind.ConnectionReset;
                case SocketError.ConnectionRefused:
                case SocketError.HostUnreachable:
                case SocketError.NetworkUnreachable:
                case SocketError.AddressNotAvailable:
                    return ErrorKind.ConnectionRefused;
            }
            return FindInner<IOException>(exception) is not null ? ErrorKind.ConnectionReset : ErrorKind.ConnectionRefused;
        }

        private static SocketError? FindSocketError(Exception? exception) => FindInner<SocketException>(exception)?.SocketErrorCode;

        internal static T? FindInner<T>(Exception? exception) where T : Exception
        {
            for (Exception? current = exception; current is not null; current = current.InnerException)
            {
                if (current is T found)
                {
                    return found;
                }
            }
            return null;
        }
    }
}

using System;
using System.IO;
using System.Net.Http;
using Polly.Timeout;

namespace AsyncHttp
{
    /// <summary>
    /// Every failure becomes an <see cref="HttpError"/> here, with its kind, message and retry rule: from an exception,
    /// on the way to a response or while its body is read, or from a response whose status is a failure.
    /// </summary>
    internal static class HttpErrors
    {
        /// <summary>How much of an error response's body is kept in <see cref="HttpError.ResponseBody"/>.</summary>
        public const int ResponseBodyChars = 4096;

        public static HttpError FromException(Exception exception, FailureScene scene)
        {
            ErrorKind kind = scene.Stage == FailureStage.Request ? ErrorClassifier.Classify(exception, scene.ViaProxy) : ClassifyBodyFailure(exception);
            string message = kind switch
            {
                ErrorKind.Timeout when exception is TimeoutRejectedException timeout => $"No response within {timeout.Timeout.TotalSeconds} s.",
                ErrorKind.Canceled => CanceledMessage(scene),
                ErrorKind.ConnectTimeout => $"No connection within {scene.ConnectTimeout.TotalSeconds} s.",
                ErrorKind.Tls => $"TLS with {scene.Uri?.Authority} failed: {Innermost(exception).Message}",
                ErrorKind.CircuitOpen => $"The circuit breaker for {scene.Uri?.GetLeftPart(UriPartial.Authority)} is open after repeated failures; the request was not sent.",
                ErrorKind.Payload when !(exception is PayloadException) && scene.Stage != FailureStage.Request =>
                    $"The body was cut short after {scene.BytesReceived} bytes: {exception.Message}",
                _ => exception.Message,
            };
            return new HttpError(kind, message, exception)
            {
                StatusCode = scene.StatusCode,
                Attempts = scene.Attempts,
                IsTransient = ErrorKinds.IsTransient(kind, exception, null),
            };
        }

        /// <summary>The error a response's status makes under the run's rules; null when the response counts as a success.</summary>
        public static ErrorKind? KindOf(int status, bool hasLocation, int maximumRedirection, bool skipHttpErrorCheck)
        {
            if (maximumRedirection > 0 && hasLocation && status >= 300 && status <= 399 && status != 304)
            {
                // Only a response past the redirect limit is handed back while it still points elsewhere.
                return ErrorKind.TooManyRedirects;
            }
            if (status == 407)
            {
                return ErrorKind.Proxy;
            }
            return StatusCodes.IsSuccess(status) || skipHttpErrorCheck ? (ErrorKind?)null : ErrorKind.HttpStatus;
        }

        /// <summary>The error of a response whose status is a failure (see <see cref="KindOf"/>), with the start of its body.</summary>
        public static HttpError FromStatus(ErrorKind kind, int status, string? reason, int maximumRedirection, TimeSpan? retryAfter, TimeSpan maxRetryAfter, string body, int attempts)
        {
            string message = kind switch
            {
                ErrorKind.TooManyRedirects => $"More than {maximumRedirection} redirects; the last pointed to another one.",
                ErrorKind.Proxy => "The proxy asks for credentials (407 Proxy Authentication Required); give the session -ProxyCredential.",
                _ => $"Response status code does not indicate success: {status} ({reason}).",
            };
            if (kind == ErrorKind.HttpStatus && retryAfter is TimeSpan wait && wait > maxRetryAfter)
            {
                message += $" The server asked to retry after {wait.TotalSeconds:0} s, longer than the {maxRetryAfter.TotalSeconds:0} s allowed.";
            }
            return new HttpError(kind, message)
            {
                StatusCode = status,
                IsTransient = ErrorKinds.IsTransient(kind, null, status),
                Attempts = attempts,
                RetryAfter = retryAfter,
                ResponseBody = Truncate(body),
            };
        }

        /// <summary>A body that arrived whole but could not be parsed as asked (-AsJson).</summary>
        public static HttpError Malformed(string message, Exception exception, int status, int attempts, string body) =>
            new HttpError(ErrorKind.Payload, message, exception)
            {
                StatusCode = status,
                Attempts = attempts,
                IsTransient = ErrorKinds.IsTransient(ErrorKind.Payload, exception, status),
                ResponseBody = Truncate(body),
            };

        /// <summary>
        /// Once the headers are in, what breaks is the body: a broken connection cuts it short (Payload), and a
        /// cancellation is the caller's or the session's, never a connect timeout.
        /// </summary>
        private static ErrorKind ClassifyBodyFailure(Exception exception) => exception switch
        {
            ReadTimeoutException _ => ErrorKind.ReadTimeout,
            PayloadException _ => ErrorKind.Payload,
            FileWriteException _ => ErrorKind.FileWrite,
            OperationCanceledException _ => ErrorKind.Canceled,
            IOException _ => ErrorKind.Payload,
            HttpRequestException _ => ErrorKind.Payload,
            // The response was closed under the reader.
            ObjectDisposedException _ => ErrorKind.Payload,
            _ => ErrorClassifier.Classify(exception),
        };

        private static string CanceledMessage(FailureScene scene) => scene.Stage switch
        {
            FailureStage.Download => (scene.SessionClosed ? "The session was closed during the download." : "The download was stopped.")
                + $" {scene.BytesReceived} bytes were received.",
            FailureStage.StreamBody => scene.SessionClosed ? "The session was closed while the body was read." : "The stream was stopped.",
            _ => scene.SessionClosed ? "The session was closed before the request finished." : "The run was stopped before the request finished.",
        };

        /// <summary>The deepest cause: for TLS it names the reason ("… certificate chain: UntrustedRoot").</summary>
        private static Exception Innermost(Exception exception)
        {
            Exception current = exception;
            while (current.InnerException is not null)
            {
                current = current.InnerException;
            }
            return current;
        }

        private static string Truncate(string text) =>
            text.Length <= ResponseBodyChars ? text : text.Substring(0, ResponseBodyChars);
    }
}

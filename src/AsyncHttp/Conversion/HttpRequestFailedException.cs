using System;

namespace AsyncHttp
{
    /// <summary>
    /// The exception of a failed request's ErrorRecord; it carries the result, response body included. The base of
    /// one type per family (<see cref="HttpConnectionException"/>, <see cref="HttpTimeoutException"/>,
    /// <see cref="HttpTlsException"/>, <see cref="HttpStatusException"/>, <see cref="HttpPayloadException"/>), so a
    /// script catches a family by type; kinds of no family (InvalidRequest, Canceled, CircuitOpen) carry the base itself.
    /// </summary>
    public class HttpRequestFailedException : Exception
    {
        /// <summary>Wraps a failed result.</summary>
        public HttpRequestFailedException(HttpResult result)
            : base(Describe(result), result.Error?.Exception)
        {
            Result = result;
        }

        /// <summary>The failed result.</summary>
        public HttpResult Result { get; }

        /// <summary>The error of the result.</summary>
        public HttpError? Error => Result.Error;

        /// <summary>Why the request failed.</summary>
        public ErrorKind? Kind => Result.Error?.Kind;

        /// <summary>The exception of the result's family, as the kind's row in <see cref="ErrorKinds"/> names it.</summary>
        internal static HttpRequestFailedException For(HttpResult result) =>
            (result.Error is null ? ErrorFamily.Other : ErrorKinds.Family(result.Error.Kind)) switch
            {
                ErrorFamily.Connection => new HttpConnectionException(result),
                ErrorFamily.Timeout => new HttpTimeoutException(result),
                ErrorFamily.Tls => new HttpTlsException(result),
                ErrorFamily.Status => new HttpStatusException(result),
                ErrorFamily.Payload => new HttpPayloadException(result),
                _ => new HttpRequestFailedException(result),
            };

        private static string Describe(HttpResult result)
        {
            string target = result.RequestUri is null ? $"Request #{result.Index}" : $"{result.Method} {Redact.Uri(result.RequestUri)}";
            return $"{target}: {result.Error?.Message}";
        }
    }
}

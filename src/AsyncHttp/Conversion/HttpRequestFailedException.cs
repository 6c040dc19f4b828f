using System;

namespace AsyncHttp
{
    /// <summary>The exception of a failed request's ErrorRecord; it carries the result, response body included.</summary>
    public sealed class HttpRequestFailedException : Exception
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

        private static string Describe(HttpResult result)
        {
            string target = result.RequestUri is null ? $"Request #{result.Index}" : $"{result.Method} {Redact.Uri(result.RequestUri)}";
            return $"{target}: {result.Error?.Message}";
        }
    }
}

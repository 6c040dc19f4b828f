using System;

namespace AsyncHttp
{
    /// <summary>Why a request failed, as data: what <see cref="HttpResult.Error"/> holds.</summary>
    public sealed class HttpError
    {
        internal HttpError(ErrorKind kind, string message, Exception? exception = null)
        {
            Kind = kind;
            Message = message;
            Exception = exception;
        }

        /// <summary>The kind of failure.</summary>
        public ErrorKind Kind { get; }

        /// <summary>What went wrong, in words; never contains secrets.</summary>
        public string Message { get; }

        /// <summary>The status code of the last response, when one arrived.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>Whether the failure is of a kind that retrying may cure.</summary>
        public bool IsTransient { get; internal set; }

        /// <summary>How many attempts were made.</summary>
        public int Attempts { get; internal set; }

        /// <summary>The delay the server asked for with Retry-After, when it did.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        /// <summary>The first kilobytes of an error response's body.</summary>
        public string? ResponseBody { get; internal set; }

        /// <summary>
        /// The exception behind the failure, when there was one. A method rather than a property, so that exports
        /// (ConvertTo-Json, Export-Csv) of results carry Message, not the exception's internals; in PowerShell the
        /// types file shows it as the Exception property again.
        /// </summary>
        public Exception? GetException() => Exception;

        internal Exception? Exception { get; }

        /// <inheritdoc/>
        public override string ToString() => Kind + ": " + Message;
    }
}

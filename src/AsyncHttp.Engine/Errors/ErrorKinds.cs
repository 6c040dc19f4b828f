using System;
using System.Net.Sockets;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>Whether a retry may cure a failure of some kind.</summary>
    internal enum RetryRule
    {
        /// <summary>Never: sending the same request again fails the same way.</summary>
        Never,
        /// <summary>Always: connection trouble and timeouts pass.</summary>
        Always,
        /// <summary>It depends on the cause: the status code, the socket error, or whether a body was cut short or malformed.</summary>
        ByCause,
    }

    /// <summary>
    /// What each <see cref="ErrorKind"/> means to PowerShell and to retries, one row per kind. A new kind is two edits:
    /// its member in <see cref="ErrorKind"/> and its row here; a kind without a row fails loudly, never falls back.
    /// </summary>
    internal static class ErrorKinds
    {
        /// <summary>The ErrorId of the ErrorRecord a failure of this kind is written as.</summary>
        public static string ErrorId(ErrorKind kind) => "AsyncHttp." + kind;

        /// <summary>The name of the PowerShell ErrorCategory of the kind (the engine knows no PowerShell types).</summary>
        public static string Category(ErrorKind kind) => RowOf(kind).Category;

        /// <summary>Whether a retry may cure failures of the kind.</summary>
        public static RetryRule Retry(ErrorKind kind) => RowOf(kind).Retry;

        /// <summary>Whether this failure is transient: the kind's rule, applied to its cause and status code.</summary>
        public static bool IsTransient(ErrorKind kind, Exception? cause, int? statusCode)
        {
            switch (RowOf(kind).Retry)
            {
                case RetryRule.Always:
                    return true;
                case RetryRule.Never:
                    return false;
            }
            return kind switch
            {
                // A name that does not exist stays so; a resolver that could not answer may answer next time.
                ErrorKind.Dns => ErrorClassifier.FindInner<SocketException>(cause)?.SocketErrorCode == SocketError.TryAgain,
                ErrorKind.HttpStatus => statusCode is int status && StatusCodes.IsTransient(status),
                // A proxy out of reach may come back; one that asks for credentials (407) will ask again.
                ErrorKind.Proxy => statusCode is null,
                // A body cut short may arrive whole next time; a malformed or oversized one will not.
                ErrorKind.Payload => cause is PayloadException payload ? payload.IsTransient : !(cause is JsonException),
                _ => throw new InvalidOperationException($"ErrorKind {kind} says its retry rule depends on the cause, but names none."),
            };
        }

        private static (string Category, RetryRule Retry) RowOf(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidRequest => ("InvalidArgument", RetryRule.Never),
            ErrorKind.Dns => ("ConnectionError", RetryRule.ByCause),
            ErrorKind.ConnectionRefused => ("ConnectionError", RetryRule.Always),
            ErrorKind.ConnectionReset => ("ConnectionError", RetryRule.Always),
            ErrorKind.ConnectTimeout => ("OperationTimeout", RetryRule.Always),
            ErrorKind.Timeout => ("OperationTimeout", RetryRule.Always),
            ErrorKind.ReadTimeout => ("OperationTimeout", RetryRule.Always),
            ErrorKind.Tls => ("SecurityError", RetryRule.Never),
            ErrorKind.Proxy => ("ConnectionError", RetryRule.ByCause),
            ErrorKind.TooManyRedirects => ("LimitsExceeded", RetryRule.Never),
            ErrorKind.RedirectRefused => ("SecurityError", RetryRule.Never),
            ErrorKind.HttpStatus => ("InvalidResult", RetryRule.ByCause),
            ErrorKind.Payload => ("InvalidData", RetryRule.ByCause),
            ErrorKind.Canceled => ("OperationStopped", RetryRule.Never),
            ErrorKind.CircuitOpen => ("ResourceUnavailable", RetryRule.Never),
            // Nothing was sent; the store may answer again.
            ErrorKind.RateLimitStore => ("ConnectionError", RetryRule.Always),
            ErrorKind.FileWrite => ("WriteError", RetryRule.Never),
            _ => throw new InvalidOperationException($"ErrorKind {kind} has no row in ErrorKinds."),
        };
    }
}

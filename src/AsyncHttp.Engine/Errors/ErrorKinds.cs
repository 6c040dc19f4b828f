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
    /// What each <see cref="ErrorKind"/> means to PowerShell, to retries and to catch blocks, one row per kind. A new kind is two edits:
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

        /// <summary>The family whose exception type the kind's ErrorRecord carries.</summary>
        public static ErrorFamily Family(ErrorKind kind) => RowOf(kind).Family;

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

        private static (string Category, RetryRule Retry, ErrorFamily Family) RowOf(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidRequest => ("InvalidArgument", RetryRule.Never, ErrorFamily.Other),
            ErrorKind.Dns => ("ConnectionError", RetryRule.ByCause, ErrorFamily.Connection),
            ErrorKind.ConnectionRefused => ("ConnectionError", RetryRule.Always, ErrorFamily.Connection),
            ErrorKind.ConnectionReset => ("ConnectionError", RetryRule.Always, ErrorFamily.Connection),
            ErrorKind.ConnectTimeout => ("OperationTimeout", RetryRule.Always, ErrorFamily.Timeout),
            ErrorKind.Timeout => ("OperationTimeout", RetryRule.Always, ErrorFamily.Timeout),
            ErrorKind.ReadTimeout => ("OperationTimeout", RetryRule.Always, ErrorFamily.Timeout),
            ErrorKind.Tls => ("SecurityError", RetryRule.Never, ErrorFamily.Tls),
            ErrorKind.Proxy => ("ConnectionError", RetryRule.ByCause, ErrorFamily.Connection),
            ErrorKind.TooManyRedirects => ("LimitsExceeded", RetryRule.Never, ErrorFamily.Status),
            ErrorKind.RedirectRefused => ("SecurityError", RetryRule.Never, ErrorFamily.Status),
            ErrorKind.HttpStatus => ("InvalidResult", RetryRule.ByCause, ErrorFamily.Status),
            ErrorKind.Payload => ("InvalidData", RetryRule.ByCause, ErrorFamily.Payload),
            ErrorKind.Canceled => ("OperationStopped", RetryRule.Never, ErrorFamily.Other),
            ErrorKind.CircuitOpen => ("ResourceUnavailable", RetryRule.Never, ErrorFamily.Other),
            // Nothing was sent; the store may answer again. The store failed, not the server: no family of its own.
            ErrorKind.RateLimitStore => ("ConnectionError", RetryRule.Always, ErrorFamily.Other),
            // The local disk failed, not the request: no family of its own.
            ErrorKind.FileWrite => ("WriteError", RetryRule.Never, ErrorFamily.Other),
            _ => throw new InvalidOperationException($"ErrorKind {kind} has no row in ErrorKinds."),
        };
    }
}

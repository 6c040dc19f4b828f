using System;
using System.IO;
using System.Net.WebSockets;
using System.Text.RegularExpressions;

namespace AsyncHttp
{
    /// <summary>Turns what ClientWebSocket throws into the module's errors, with messages that say what happened.</summary>
    internal static class WebSocketErrors
    {
        /// <summary>Why opening a connection failed. <paramref name="status"/> and <paramref name="body"/> are the refusal's, when one came.</summary>
        public static HttpError FromConnect(Exception exception, Uri uri, bool viaProxy, int? status, string? reason, string? body)
        {
            status ??= StatusFromMessage(exception);
            if (status is int code)
            {
                string message = $"The server answered the WebSocket upgrade of {Redact.Uri(uri)} with {code}{(string.IsNullOrEmpty(reason) ? string.Empty : " (" + reason + ")")} instead of 101 Switching Protocols.";
                ErrorKind kind = code == 407 ? ErrorKind.Proxy : ErrorKind.HttpStatus;
                return new HttpError(kind, message, exception) { StatusCode = code, ResponseBody = body, IsTransient = ErrorKinds.IsTransient(kind, exception, code), Attempts = 1 };
            }
            if (exception is WebSocketException handshake && IsBadHandshake(handshake.WebSocketErrorCode))
            {
                return new HttpError(ErrorKind.Payload, $"The server's answer to the WebSocket upgrade of {Redact.Uri(uri)} is not valid: {exception.Message}", exception) { Attempts = 1 };
            }
            ErrorKind classified = ErrorClassifier.Classify(exception, viaProxy);
            string text = classified switch
            {
                ErrorKind.Tls => $"TLS with {uri.Authority} failed: {Innermost(exception).Message}",
                ErrorKind.InvalidRequest => exception.Message,
                _ => $"No WebSocket connection to {Redact.Uri(uri)}: {Cause(exception).Message}",
            };
            return new HttpError(classified, text, exception) { IsTransient = ErrorKinds.IsTransient(classified, exception, null), Attempts = 1 };
        }

        /// <summary>Why an open connection failed while it was read.</summary>
        public static HttpError FromReceive(Exception exception, Uri uri, TimeSpan? keepAliveTimeout, long received)
        {
            if (keepAliveTimeout is TimeSpan timeout && IsKeepAliveTimeout(exception))
            {
                return new HttpError(ErrorKind.Timeout,
                    $"The server at {Redact.Uri(uri)} did not answer a keep-alive ping within {timeout.TotalSeconds} s: the peer or the network is gone, and the connection was dropped.",
                    exception) { IsTransient = true };
            }
            if (Find<WebSocketException>(exception) is WebSocketException ws && ws.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely
                || Find<IOException>(exception) is not null)
            {
                return new HttpError(ErrorKind.ConnectionReset,
                    $"The server at {Redact.Uri(uri)} dropped the connection without a close handshake, after {received} messages.",
                    exception) { IsTransient = true };
            }
            // The peer broke the protocol (a bad frame, text that is not UTF-8): the connection is closed by the client.
            return new HttpError(ErrorKind.Payload, $"The WebSocket connection to {Redact.Uri(uri)} failed after {received} messages: {Cause(exception).Message}", exception);
        }

        /// <summary>Why a send failed.</summary>
        public static HttpError FromSend(Exception exception, Uri uri) =>
            new HttpError(ErrorKind.ConnectionReset, $"The message could not be sent to {Redact.Uri(uri)}: {Cause(exception).Message}", exception) { IsTransient = true };

        // The keep-alive timer aborts the socket and leaves a Faulted WebSocketException without a cause;
        // a connection that broke carries the IOException that broke it.
        private static bool IsKeepAliveTimeout(Exception exception) =>
            Find<WebSocketException>(exception) is WebSocketException ws && ws.WebSocketErrorCode == WebSocketError.Faulted && ws.InnerException is null
            && Find<IOException>(exception) is null;

        private static bool IsBadHandshake(WebSocketError code) =>
            code == WebSocketError.HeaderError || code == WebSocketError.UnsupportedProtocol || code == WebSocketError.UnsupportedVersion;

        // Where the runtime gives no status property (the netstandard2.0 build), its message carries the status:
        // "The server returned status code '401' when status code '101' was expected."
        private static int? StatusFromMessage(Exception exception)
        {
            if (exception is WebSocketException ws && ws.WebSocketErrorCode == WebSocketError.NotAWebSocket)
            {
                Match match = Regex.Match(ws.Message, @"'(\d{3})'");
                if (match.Success)
                {
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            return null;
        }

        /// <summary>The first exception in the chain that says more than "Unable to connect to the remote server".</summary>
        private static Exception Cause(Exception exception)
        {
            Exception current = exception;
            while ((current is WebSocketException || current is OperationCanceledException) && current.InnerException is not null)
            {
                current = current.InnerException;
            }
            return current;
        }

        private static Exception Innermost(Exception exception)
        {
            Exception current = exception;
            while (current.InnerException is not null)
            {
                current = current.InnerException;
            }
            return current;
        }

        private static T? Find<T>(Exception? exception) where T : Exception
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

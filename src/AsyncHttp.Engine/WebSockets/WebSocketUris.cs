using System;

namespace AsyncHttp
{
    /// <summary>Resolves the address of a WebSocket: ws and wss, with http and https taken as ws and wss, as aiohttp does.</summary>
    internal static class WebSocketUris
    {
        /// <summary>An absolute ws or wss URI; throws <see cref="InvalidRequestException"/> naming what is wrong.</summary>
        public static Uri Resolve(string? text, Uri? baseUri)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new InvalidRequestException("The WebSocket has no URI.");
            }
            text = text!.Trim();
            if (text.IndexOfAny(Whitespace) >= 0)
            {
                throw new InvalidRequestException($"'{text}' is not a valid URI: it contains white space (escape it as %20).");
            }
            Uri uri;
            // On Unix "/path" parses as an absolute file URI; a leading slash means a path relative to BaseUri.
            bool rooted = text.StartsWith("/", StringComparison.Ordinal) && !text.StartsWith("//", StringComparison.Ordinal);
            if (!rooted && Uri.TryCreate(text, UriKind.Absolute, out Uri? absolute))
            {
                uri = absolute;
            }
            else if (baseUri is null)
            {
                throw new InvalidRequestException($"URI '{text}' is relative and the session has no BaseUri.");
            }
            else if (!Uri.TryCreate(baseUri, text, out Uri? resolved))
            {
                throw new InvalidRequestException($"URI '{text}' cannot be resolved against BaseUri '{Redact.Uri(baseUri)}'.");
            }
            else
            {
                uri = resolved;
            }
            string? scheme = SchemeOf(uri);
            if (scheme is null)
            {
                throw new InvalidRequestException($"URI '{Redact.Uri(uri)}' has scheme '{uri.Scheme}'; a WebSocket needs ws or wss (or http and https, taken as ws and wss).");
            }
            if (string.IsNullOrEmpty(uri.Host))
            {
                throw new InvalidRequestException($"URI '{Redact.Uri(uri)}' has no host.");
            }
            if (uri.Fragment.Length > 0)
            {
                throw new InvalidRequestException($"URI '{Redact.Uri(uri)}' has a fragment ('{uri.Fragment}'), which a WebSocket address must not have.");
            }
            return uri.Scheme == scheme ? uri : new UriBuilder(uri) { Scheme = scheme, Port = uri.Port }.Uri;
        }

        /// <summary>Whether the address is encrypted: credentials go over wss only.</summary>
        public static bool IsSecure(Uri uri) => uri.Scheme == "wss";

        private static string? SchemeOf(Uri uri) => uri.Scheme switch
        {
            "ws" => "ws",
            "wss" => "wss",
            "http" => "ws",
            "https" => "wss",
            _ => null,
        };

        private static readonly char[] Whitespace = { ' ', '\t', '\r', '\n' };
    }
}

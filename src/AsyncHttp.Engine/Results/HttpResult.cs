using System;
using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>The outcome of one request: exactly one per input, success or failure.</summary>
    public sealed class HttpResult
    {
        /// <summary>The position of the request in the input, from 0.</summary>
        public long Index { get; internal set; }

        /// <summary>The caller's tag, passed through untouched.</summary>
        public object? Tag { get; internal set; }

        /// <summary>The HTTP method.</summary>
        public string Method { get; internal set; } = "GET";

        /// <summary>The URI as requested (resolved against the session's base URI); null when it was not a URI.</summary>
        public Uri? RequestUri { get; internal set; }

        /// <summary>The URI that answered, after redirects.</summary>
        public Uri? Uri { get; internal set; }

        /// <summary>The status code of the final response; null when no response arrived.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>The reason phrase of the final response.</summary>
        public string? ReasonPhrase { get; internal set; }

        /// <summary>True when the request succeeded (no <see cref="Error"/>).</summary>
        public bool IsSuccess => Error is null;

        /// <summary>Response and content headers; values of repeated headers are joined with ", ". As text, one "Name: value" line each.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; internal set; } = EmptyHeaders;

        /// <summary>
        /// The relations of the response's Link headers (rel to absolute URI, as aiohttp's response.links): "next",
        /// "prev", "last" and the like. Empty when there are none.
        /// </summary>
        public IReadOnlyDictionary<string, Uri> Links { get; internal set; } = EmptyLinks;

        /// <summary>The media type of the response body.</summary>
        public string? ContentType { get; internal set; }

        /// <summary>The number of body bytes received.</summary>
        public long? ContentLength { get; internal set; }

        /// <summary>The body: text, or parsed JSON when asked for; null when written to a file.</summary>
        public object? Content { get; internal set; }

        /// <summary>The file the body was written to, when it was.</summary>
        public string? OutFile { get; internal set; }

        /// <summary>How many attempts were made (0 when the request was never sent).</summary>
        public int Attempts { get; internal set; }

        /// <summary>Wall time from the first attempt to the end of the body.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>The HTTP version of the response, such as "1.1" or "2.0".</summary>
        public string? HttpVersion { get; internal set; }

        /// <summary>Where the time went: DNS, connect, TLS, first byte, body and total, and whether the connection was reused.</summary>
        public HttpTimings Timings { get; internal set; } = NoTimings;

        /// <summary>Every hop of every attempt, in order: status or failure, and the wait before a retry and why.</summary>
        public IReadOnlyList<HttpStep> History { get; internal set; } = Array.Empty<HttpStep>();

        /// <summary>Why the request failed; null on success.</summary>
        public HttpError? Error { get; internal set; }

        /// <inheritdoc/>
        public override string ToString()
        {
            string status = StatusCode?.ToString() ?? Error?.Kind.ToString() ?? "-";
            return $"#{Index} {Method} {(RequestUri is null ? "(invalid)" : Redact.Uri(RequestUri))} -> {status}";
        }

        private static readonly HttpTimings NoTimings = new HttpTimings();

        internal static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new ResponseHeaders();

        internal static readonly IReadOnlyDictionary<string, Uri> EmptyLinks = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>A checked request: everything a message needs, built afresh for each attempt.</summary>
    internal sealed class PreparedRequest
    {
        private PreparedRequest(Uri uri, HttpMethod method, List<KeyValuePair<string, string>> headers, BodyContent? body, RequestSpec spec)
        {
            Uri = uri;
            Method = method;
            Headers = headers;
            _body = body;
            Timeout = spec.Timeout;
            AttemptTimeout = spec.AttemptTimeout;
            MaximumRetryCount = spec.MaximumRetryCount;
            SkipHttpErrorCheck = spec.SkipHttpErrorCheck;
            OutFile = spec.OutFile;
        }

        /// <summary>This request's own total time; null for the run's.</summary>
        public TimeSpan? Timeout { get; }

        /// <summary>This request's own time per attempt; null for the run's.</summary>
        public TimeSpan? AttemptTimeout { get; }

        /// <summary>This request's own number of retries; null for the run's.</summary>
        public int? MaximumRetryCount { get; }

        /// <summary>This request's own SkipHttpErrorCheck; null for the run's.</summary>
        public bool? SkipHttpErrorCheck { get; }

        /// <summary>Where this request's body is saved; null to keep it as the run does.</summary>
        public string? OutFile { get; }

        private readonly BodyContent? _body;

        public Uri Uri { get; }

        public HttpMethod Method { get; }

        public List<KeyValuePair<string, string>> Headers { get; }

        /// <summary>Whether sending the request twice is safe: an idempotent method, or an Idempotency-Key header.</summary>
        public bool IsIdempotent =>
            Methods.IsIdempotent(Method.Method) || Headers.Exists(h => string.Equals(h.Key, "Idempotency-Key", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Checks the spec against the run's defaults and the session; throws <see cref="InvalidRequestException"/> naming the
        /// bad value. The session's headers and the run's defaults were checked once already; only the request's own are checked here.
        /// </summary>
        public static PreparedRequest Prepare(RequestSpec spec, PreparedDefaults defaults, Uri? baseUri, IReadOnlyList<KeyValuePair<string, string>> sessionHeaders)
        {
            if (spec.InvalidReason is not null)
            {
                throw new InvalidRequestException(spec.InvalidReason);
            }
            Uri uri = ResolveUri(spec.Uri, baseUri);
            HttpMethod method = Methods.Parse(spec.Method ?? defaults.Method);
            if (spec.Body is not null && spec.Form is not null)
            {
                throw new InvalidRequestException("The request has both a Body and a Form; give one of them.");
            }
            CheckHeaders(spec.Headers);

            var headers = new List<KeyValuePair<string, string>>(sessionHeaders.Count + (spec.Headers?.Count ?? 0));
            Merge(headers, sessionHeaders);
            Merge(headers, defaults.Headers);
            Merge(headers, spec.Headers);

            // As Invoke-RestMethod: a hashtable body of a GET or HEAD is its query string.
            bool bodyInQuery = method == HttpMethod.Get || method == HttpMethod.Head;
            string query = defaults.Query;
            if (spec.Query is not null)
            {
                query = Join(query, QueryString.Encode(spec.Query));
            }
            BodyContent? body;
            if (spec.Form is not null)
            {
                body = BodyContent.Form(spec.Form);
            }
            else if (spec.Body is IDictionary ownFields && bodyInQuery)
            {
                query = Join(query, QueryString.Encode(ownFields));
                body = null;
            }
            else if (spec.Body is not null)
            {
                body = BodyContent.Prepare(spec.Body, spec.ContentType ?? defaults.ContentType, defaults.JsonDepth);
            }
            else if (defaults.Body is IDictionary runFields && bodyInQuery && !defaults.HasForm)
            {
                query = Join(query, QueryString.Encode(runFields));
                body = null;
            }
            else
            {
                body = defaults.BodyFor(spec.ContentType);
            }
            uri = QueryString.Merge(uri, query);
            return new PreparedRequest(uri, method, headers, body, spec);
        }

        private static string Join(string first, string second) =>
            first.Length == 0 ? second : second.Length == 0 ? first : first + "&" + second;

        /// <summary>Throws <see cref="InvalidRequestException"/> for the first header that cannot be sent.</summary>
        public static void CheckHeaders(IEnumerable<KeyValuePair<string, string>>? headers)
        {
            if (headers is null)
            {
                return;
            }
            foreach (KeyValuePair<string, string> header in headers)
            {
                string? problem = HeaderRules.Check(header.Key, header.Value);
                if (problem is not null)
                {
                    throw new InvalidRequestException(problem);
                }
            }
        }

        /// <summary>Resolves a request URI; only absolute http and https URIs can be sent.</summary>
        public static Uri ResolveUri(string? text, Uri? baseUri)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new InvalidRequestException("The request has no URI.");
            }
            text = text!.Trim();
            if (text.IndexOfAny(Whitespace) >= 0)
            {
                throw new InvalidRequestException($"'{Redact.Text(text)}' is not a valid URI: it contains white space (escape it as %20).");
            }
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? absolute) && !IsRootedPath(text))
            {
                if (!HttpUri.IsHttp(absolute))
                {
                    throw new InvalidRequestException($"URI '{Redact.Uri(absolute)}' has scheme '{absolute.Scheme}'; only http and https are supported.");
                }
                if (string.IsNullOrEmpty(absolute.Host))
                {
                    throw new InvalidRequestException($"URI '{Redact.Text(text)}' has no host.");
                }
                return absolute;
            }
            if (!Uri.TryCreate(text, UriKind.Relative, out Uri? relative))
            {
                throw new InvalidRequestException($"'{Redact.Text(text)}' is not a valid URI.");
            }
            if (baseUri is null)
            {
                throw new InvalidRequestException($"URI '{Redact.Text(text)}' is relative and the session has no BaseUri.");
            }
            if (!Uri.TryCreate(baseUri, relative, out Uri? resolved))
            {
                throw new InvalidRequestException($"URI '{Redact.Text(text)}' cannot be resolved against BaseUri '{Redact.Uri(baseUri)}'.");
            }
            return resolved;
        }

        /// <summary>
        /// Creates the message for one hop of one attempt; its content is new each time, so retries and redirects can
        /// resend it. Without <paramref name="credentials"/> (a redirect to another origin) the Authorization and Cookie
        /// headers the caller set are left out too.
        /// </summary>
        public HttpRequestMessage CreateMessage(Uri uri, HttpMethod method, bool withBody, bool credentials, string? authorization, Version version)
        {
            var message = new HttpRequestMessage(method, uri) { Version = version };
#if NET
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
#endif
            if (withBody)
            {
                message.Content = _body?.Create();
            }
            foreach (KeyValuePair<string, string> header in Headers)
            {
                if (!credentials && IsCredentialHeader(header.Key))
                {
                    continue;
                }
                if (!withBody && header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    message.Content ??= new ByteArrayContent(Array.Empty<byte>());
                    message.Content.Headers.Remove(header.Key);
                    message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            if (credentials && authorization is not null && !message.Headers.Contains("Authorization"))
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            return message;
        }

        /// <summary>Whether the request sets its own value for a header.</summary>
        public bool HasHeader(string name)
        {
            // A loop, not Exists with a lambda: the lambda would capture name, an allocation on every request.
            foreach (KeyValuePair<string, string> header in Headers)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool IsCredentialHeader(string name) =>
            string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase);

        /// <summary>Adds headers, replacing earlier ones of the same name.</summary>
        private static void Merge(List<KeyValuePair<string, string>> into, IEnumerable<KeyValuePair<string, string>>? from)
        {
            if (from is null)
            {
                return;
            }
            foreach (KeyValuePair<string, string> header in from)
            {
                int existing = IndexOf(into, header.Key);
                if (existing >= 0)
                {
                    into[existing] = header;
                }
                else
                {
                    into.Add(header);
                }
            }
        }

        // A loop, not FindIndex with a lambda: the lambda would capture the name, an allocation per header of every request.
        private static int IndexOf(List<KeyValuePair<string, string>> headers, string name)
        {
            for (int i = 0; i < headers.Count; i++)
            {
                if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            return -1;
        }

        private static readonly char[] Whitespace = { ' ', '\t', '\r', '\n' };

        // On Unix "/path" parses as an absolute file URI; a leading slash means a path relative to BaseUri.
        private static bool IsRootedPath(string text) => text.StartsWith("/", StringComparison.Ordinal) && !text.StartsWith("//", StringComparison.Ordinal);
    }
}

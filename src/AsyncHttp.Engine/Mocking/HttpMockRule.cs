using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// One rule of a <see cref="HttpMock"/>: which requests it matches (every condition set must hold), what it answers,
    /// and how many times. Rules are tried in the order they were added; a rule that has answered its times steps aside.
    /// </summary>
    public sealed class HttpMockRule
    {
        private int _used;

        /// <summary>The URI the request must have: an absolute one compares whole, a relative one with the path and query. The default is any.</summary>
        public Uri? Uri { get; set; }

        /// <summary>A pattern the absolute URI must match (a regular expression, or a wildcard turned into one by <see cref="Wildcard"/>). The default is any.</summary>
        public Regex? UriPattern { get; set; }

        /// <summary>The method the request must have, in any case. The default is any.</summary>
        public string? Method { get; set; }

        /// <summary>Headers the request must carry, each value a wildcard pattern (case-insensitive). The default is none.</summary>
        public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>The body text the request must have, exactly. The default is any.</summary>
        public string? Body { get; set; }

        /// <summary>A pattern the body text must match. The default is any.</summary>
        public Regex? BodyPattern { get; set; }

        /// <summary>The fixed answer, used when there is no <see cref="Responder"/>. The default is 200 with an empty body.</summary>
        public HttpMockResponse Response { get; set; } = new HttpMockResponse();

        /// <summary>Makes the answer from the request, each time; null (the default) for the fixed <see cref="Response"/>.</summary>
        public Func<HttpMockCall, CancellationToken, Task<HttpMockResponse>>? Responder { get; set; }

        /// <summary>Disposed with the mock (what the <see cref="Responder"/> holds); it must be usable again afterwards. The default is none.</summary>
        public IDisposable? Resources { get; set; }

        /// <summary>How many requests the rule answers before it steps aside; null (the default) for any number.</summary>
        public int? Times { get; set; }

        /// <summary>How many requests the rule has answered.</summary>
        public int Used => Volatile.Read(ref _used);

        /// <summary>A regular expression for a wildcard pattern: * is any run of characters, ? any one character; case-insensitive, whole text.</summary>
        public static Regex Wildcard(string pattern) =>
            new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline);

        /// <summary>Refuses values that cannot make a rule, naming them.</summary>
        public void Validate()
        {
            if (Times is int times && times < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Times), times, $"Times must be at least 1, not {times}.");
            }
            if (Method is not null && (Method.Length == 0 || Method.IndexOf(' ') >= 0))
            {
                throw new ArgumentException($"Method '{Method}' is not an HTTP method.", nameof(Method));
            }
            Response.Validate();
        }

        internal bool Matches(HttpMockCall call)
        {
            if (Method is not null && !string.Equals(Method, call.Method, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            if (Uri is not null && !(Uri.IsAbsoluteUri ? Uri == call.Uri : string.Equals(Uri.OriginalString, call.Uri.PathAndQuery, StringComparison.Ordinal)))
            {
                return false;
            }
            if (UriPattern is not null && !UriPattern.IsMatch(call.Uri.AbsoluteUri))
            {
                return false;
            }
            foreach (KeyValuePair<string, string> header in Headers)
            {
                if (!call.Headers.TryGetValue(header.Key, out string? value) || !Wildcard(header.Value).IsMatch(value))
                {
                    return false;
                }
            }
            if (Body is not null && !string.Equals(Body, call.Body, StringComparison.Ordinal))
            {
                return false;
            }
            return BodyPattern is null || BodyPattern.IsMatch(call.Body);
        }

        /// <summary>Takes one use of the rule; false when its times are spent. Called under the mock's lock.</summary>
        internal bool TryUse()
        {
            if (Times is int times && _used >= times)
            {
                return false;
            }
            Interlocked.Increment(ref _used);
            return true;
        }

        /// <summary>What the rule matches, for messages and the rule list.</summary>
        public override string ToString()
        {
            var parts = new List<string>();
            parts.Add(Method ?? "*");
            parts.Add(Uri is not null ? Redact.Uri(Uri) : UriPattern is not null ? "~" + UriPattern : "*");
            foreach (KeyValuePair<string, string> header in Headers)
            {
                parts.Add($"[{header.Key}]");
            }
            if (Body is not null || BodyPattern is not null)
            {
                parts.Add("[body]");
            }
            string answer = Responder is not null ? "script" : Response.Fail is ErrorKind kind ? "fail " + kind : Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string times = Times is int n ? $"{Used}/{n}" : $"{Used}/*";
            return $"{string.Join(" ", parts)} -> {answer} ({times})";
        }
    }
}

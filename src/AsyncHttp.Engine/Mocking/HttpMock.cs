using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// A transport for tests: answers each request by the first rule that matches it and still has uses, and logs every request.
    /// A session built on it (<see cref="SessionOptions.Transport"/>) runs cookies, decompression, redirects, retries and
    /// timeouts for real above it. Closing such a session leaves the mock usable, with its log.
    /// </summary>
    /// <remarks>
    /// Not RichardSzalay.MockHttp: its ordered expectations are an unguarded queue (concurrent runs race on it), they
    /// match once each and hold back every other definition until met (no "N times, then the next rule"), it keeps
    /// match counts but no log of requests, and by default an unmatched request gets a 404 response, not a failure.
    /// Timed bodies, failures by kind and script answers would be ours anyway, leaving it only the matchers (a few
    /// lines each), for one more shipped assembly.
    /// </remarks>
    public sealed class HttpMock : HttpMessageHandler
    {
        private readonly object _gate = new object();
        private readonly List<HttpMockRule> _rules = new List<HttpMockRule>();
        private readonly List<HttpMockCall> _calls = new List<HttpMockCall>();
        private readonly Lazy<HttpMessageInvoker> _network;

        /// <summary>Creates a mock with no rules.</summary>
        public HttpMock()
        {
            // Cookies and decompression run above the mock, in the session, so the network handler leaves them alone.
            _network = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(HandlerFactory.Create(new SessionOptions(), new System.Net.CookieContainer(), skipCertificateCheck: false), disposeHandler: true));
        }

        /// <summary>Send requests that no rule matches to the network (with default connection settings). The default is false: they fail as InvalidRequest.</summary>
        public bool PassThroughUnmatched { get; set; }

        /// <summary>The rules, in the order they are tried.</summary>
        public IReadOnlyList<HttpMockRule> Rules
        {
            get
            {
                lock (_gate)
                {
                    return _rules.ToArray();
                }
            }
        }

        /// <summary>Every request the mock saw, in the order they arrived, matched or not.</summary>
        public IReadOnlyList<HttpMockCall> Calls
        {
            get
            {
                lock (_gate)
                {
                    return _calls.ToArray();
                }
            }
        }

        /// <summary>Adds a rule after the others; throws <see cref="ArgumentException"/> naming a bad value.</summary>
        public HttpMockRule Add(HttpMockRule rule)
        {
            rule.Validate();
            lock (_gate)
            {
                _rules.Add(rule);
            }
            return rule;
        }

        /// <summary>Empties the call log; the rules and their counts stay.</summary>
        public void ClearCalls()
        {
            lock (_gate)
            {
                _calls.Clear();
            }
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            lock (_gate)
            {
                return $"HttpMock ({_rules.Count} rules, {_calls.Count} calls{(PassThroughUnmatched ? ", unmatched to the network" : string.Empty)})";
            }
        }

        /// <inheritdoc/>
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            HttpMockRule? rule = null;
            HttpMockCall call;
            lock (_gate)
            {
                call = new HttpMockCall(_calls.Count, request.Method.Method.ToUpperInvariant(), request.RequestUri!, HeadersOf(request), body);
                for (int i = 0; i < _rules.Count && rule is null; i++)
                {
                    if (_rules[i].Matches(call) && _rules[i].TryUse())
                    {
                        rule = _rules[i];
                        call.Rule = i;
                    }
                }
                _calls.Add(call);
            }
            if (rule is null)
            {
                if (PassThroughUnmatched)
                {
                    return await _network.Value.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                throw new InvalidRequestException(
                    $"No mock rule matches {call}; add one with Add-HttpMockResponse, or create the mock with -PassThroughUnmatched. Rules: {Describe()}");
            }
            HttpMockResponse response = rule.Responder is null ? rule.Response : await rule.Responder(call, cancellationToken).ConfigureAwait(false);
            return await response.ToMessageAsync(request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Frees what the rules hold (a script block's runspace, opened again when needed); the mock stays usable.</summary>
        protected override void Dispose(bool disposing)
        {
            // A session disposes its transport when it closes; the mock outlives it, so that its log can be read and it can serve the next session.
            if (disposing)
            {
                foreach (HttpMockRule rule in Rules)
                {
                    rule.Resources?.Dispose();
                }
            }
        }

        private string Describe()
        {
            lock (_gate)
            {
                return _rules.Count == 0 ? "none" : string.Join("; ", _rules);
            }
        }

        private static IReadOnlyDictionary<string, string> HeadersOf(HttpRequestMessage request)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
            if (request.Content is not null)
            {
                foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content.Headers)
                {
                    headers[header.Key] = string.Join(", ", header.Value);
                }
            }
            return headers;
        }
    }
}

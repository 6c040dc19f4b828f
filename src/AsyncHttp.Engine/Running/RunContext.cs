using System;
using System.Collections.Concurrent;
using System.Threading;
using Polly;

namespace AsyncHttp
{
    /// <summary>What every request of one run shares, settled once when the run starts.</summary>
    internal sealed class RunContext
    {
        public RunContext(HttpSession session, RunOptions options, CancellationToken cancellationToken, bool keepBodiesOpen = false)
        {
            Session = session;
            Options = options;
            CancellationToken = cancellationToken;
            Resilience = options.Resilience ?? options.Overrides.ApplyTo(session.Options.Resilience);
            Pipeline = ReferenceEquals(Resilience, session.Options.Resilience)
                ? session.Pipeline
                : ResiliencePipelines.Create(Resilience, session.RateLimiter, session.Options.TimeProvider);
            SkipHttpErrorCheck = options.SkipHttpErrorCheck ?? session.Options.SkipHttpErrorCheck;
            MaximumResponseSize = options.MaximumResponseSize ?? session.Options.MaximumResponseSize;
            AllowInsecureRedirect = options.AllowInsecureRedirect ?? session.Options.AllowInsecureRedirect;
            Security = session.Resolve(options.Security);
            Defaults = new PreparedDefaults(options.Defaults);
            Encoding = options.Encoding ?? session.Options.Encoding;
            Events = options.Events;
            BodyFate = keepBodiesOpen ? BodyFate.KeepOpen : options.OutDirectory is null ? BodyFate.Buffer : BodyFate.SaveToFolder;
        }

        public HttpSession Session { get; }

        /// <summary>The encoding of text bodies whose charset is missing or wrong; null for the charset.</summary>
        public System.Text.Encoding? Encoding { get; }

        /// <summary>What happens to the body of each response that is not a failure.</summary>
        public BodyFate BodyFate { get; }

        public RunOptions Options { get; }

        /// <summary>The run's defaults, checked and encoded once.</summary>
        public PreparedDefaults Defaults { get; }

        public ResilienceOptions Resilience { get; }

        public ResiliencePipeline<AttemptResponse> Pipeline { get; }

        public bool SkipHttpErrorCheck { get; }

        /// <summary>Whether a redirect from https down to plain http is followed.</summary>
        public bool AllowInsecureRedirect { get; }

        /// <summary>The largest body kept in memory, in decoded bytes.</summary>
        public long MaximumResponseSize { get; }

        /// <summary>The client, credentials and redirect rules of the run.</summary>
        public SecurityPolicy Security { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The run's event queue, when its consumer wants events.</summary>
        public TraceEvents? Events { get; }

        /// <summary>A new request's record, with the run's and the session's listeners.</summary>
        public RequestTrace TraceRequest(long index, string method) =>
            new RequestTrace(index, method, Session.Options.TimeProvider, Events, Session.Trace.File, Session.MeasuresConnections);

        /// <summary>Whether a response is a failure under this run's rules (or a request's own SkipHttpErrorCheck), and of what kind.</summary>
        public ErrorKind? FailureOf(int status, bool hasLocation, bool? skipHttpErrorCheck = null) =>
            HttpErrors.KindOf(status, hasLocation, Security.MaximumRedirection, skipHttpErrorCheck ?? SkipHttpErrorCheck);

        /// <summary>
        /// The pipeline of a request with its own timeouts and retries, over the run's: made once per distinct set of
        /// values, since records from a file often share them. Throws <see cref="InvalidRequestException"/> for contradictory values.
        /// </summary>
        public ResiliencePipeline<AttemptResponse> PipelineFor(PreparedRequest request)
        {
            // Checked before anything is made: nearly every request has no settings of its own.
            if (request.Timeout is null && request.AttemptTimeout is null && request.MaximumRetryCount is null)
            {
                return Pipeline;
            }
            var overrides = new ResilienceOverrides
            {
                Timeout = request.Timeout,
                AttemptTimeout = request.AttemptTimeout,
                MaximumRetryCount = request.MaximumRetryCount,
            };
            var key = (overrides.Timeout, overrides.AttemptTimeout, overrides.MaximumRetryCount, overrides.RetryInterval);
            return _pipelines.GetOrAdd(key, _ =>
            {
                ResilienceOptions options;
                try
                {
                    options = overrides.ApplyTo(Resilience);
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidRequestException(ex.Message);
                }
                return ResiliencePipelines.Create(options, Session.RateLimiter, Session.Options.TimeProvider);
            });
        }

        private readonly ConcurrentDictionary<(TimeSpan?, TimeSpan?, int?, TimeSpan?), ResiliencePipeline<AttemptResponse>> _pipelines =
            new ConcurrentDictionary<(TimeSpan?, TimeSpan?, int?, TimeSpan?), ResiliencePipeline<AttemptResponse>>();
    }
}

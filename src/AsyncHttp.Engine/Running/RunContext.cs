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
            Defaults = new PreparedDefaults(options.Defaults);
            BodyFate = keepBodiesOpen ? BodyFate.KeepOpen : options.OutDirectory is null ? BodyFate.Buffer : BodyFate.SaveToFolder;
        }

        public HttpSession Session { get; }

        /// <summary>What happens to the body of each response that is not a failure.</summary>
        public BodyFate BodyFate { get; }

        public RunOptions Options { get; }

        /// <summary>The run's defaults, checked and encoded once.</summary>
        public PreparedDefaults Defaults { get; }

        public ResilienceOptions Resilience { get; }

        public ResiliencePipeline<AttemptResponse> Pipeline { get; }

        public bool SkipHttpErrorCheck { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>Whether a response is a failure under this run's rules, and of what kind.</summary>
        public ErrorKind? FailureOf(int status, bool hasLocation) =>
            HttpErrors.KindOf(status, hasLocation, Session.Options.MaximumRedirection, SkipHttpErrorCheck);
    }
}

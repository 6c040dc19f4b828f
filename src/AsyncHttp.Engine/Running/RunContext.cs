using System.Threading;
using Polly;

namespace AsyncHttp
{
    /// <summary>What every request of one run shares.</summary>
    internal sealed class RunContext
    {
        public RunContext(HttpSession session, RunOptions options, CancellationToken cancellationToken, bool keepResponseOpen = false)
        {
            KeepResponseOpen = keepResponseOpen;
            Session = session;
            Options = options;
            CancellationToken = cancellationToken;
            Resilience = options.Resilience ?? session.Options.Resilience;
            Pipeline = options.Resilience is null ? session.Pipeline : ResiliencePipelines.Create(options.Resilience, session.RateLimiter);
            SkipHttpErrorCheck = options.SkipHttpErrorCheck ?? session.Options.SkipHttpErrorCheck;
        }

        public HttpSession Session { get; }

        /// <summary>Successful responses are handed back unread, for streaming.</summary>
        public bool KeepResponseOpen { get; }

        public RunOptions Options { get; }

        public ResilienceOptions Resilience { get; }

        public ResiliencePipeline<AttemptResponse> Pipeline { get; }

        public bool SkipHttpErrorCheck { get; }

        public CancellationToken CancellationToken { get; }
    }
}

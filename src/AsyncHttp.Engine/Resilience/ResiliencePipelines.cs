using System;
using System.Threading.Tasks;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace AsyncHttp
{
    /// <summary>Builds the Polly pipeline of a session or call: total timeout, then retry, then attempt timeout.</summary>
    internal static class ResiliencePipelines
    {
        /// <summary>Set on each request's context: whether sending it again is safe.</summary>
        public static readonly ResiliencePropertyKey<bool> MayRetry = new ResiliencePropertyKey<bool>("AsyncHttp.MayRetry");

        /// <summary>Set on each request's context: its record, which notes each retry, its wait and why.</summary>
        public static readonly ResiliencePropertyKey<RequestTrace> Trace = new ResiliencePropertyKey<RequestTrace>("AsyncHttp.Trace");

        // Polly's timeout strategy takes at most a day; longer means none.
        private static readonly TimeSpan LongestTimeout = TimeSpan.FromHours(24);

        public static ResiliencePipeline<AttemptResponse> Create(ResilienceOptions options, RateLimiter? rateLimiter = null, TimeProvider? timeProvider = null)
        {
            var builder = new ResiliencePipelineBuilder<AttemptResponse>();
            if (timeProvider is not null)
            {
                builder.TimeProvider = timeProvider;
            }
            AddTimeout(builder, options.Timeout);
            if (options.MaximumRetryCount > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<AttemptResponse>
                {
                    MaxRetryAttempts = options.MaximumRetryCount,
                    Delay = options.RetryInterval,
                    MaxDelay = options.MaxRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome, options)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.RetryAfter),
                    OnRetry = args =>
                    {
                        if (args.Context.Properties.TryGetValue(Trace, out RequestTrace? trace))
                        {
                            ErrorKind kind = args.Outcome.Exception is Exception failure ? ErrorClassifier.Classify(failure) : ErrorKind.HttpStatus;
                            trace.Retrying(args.AttemptNumber + 1, options.MaximumRetryCount, args.RetryDelay, args.Outcome.Result?.RetryAfter is not null, kind);
                        }
                        return default;
                    },
                });
            }
            if (rateLimiter is not null)
            {
                // Inside the retry: every attempt takes a token; waiting for one counts against the total timeout only.
                builder.AddRateLimiter(rateLimiter);
            }
            AddTimeout(builder, options.EffectiveAttemptTimeout);
            return builder.Build();
        }

        private static void AddTimeout(ResiliencePipelineBuilder<AttemptResponse> builder, TimeSpan timeout)
        {
            if (ResilienceOptions.IsFinite(timeout) && timeout <= LongestTimeout)
            {
                builder.AddTimeout(timeout);
            }
        }

        private static bool ShouldRetry(ResilienceContext context, Outcome<AttemptResponse> outcome, ResilienceOptions options)
        {
            if (!context.Properties.GetValue(MayRetry, false) || context.CancellationToken.IsCancellationRequested)
            {
                return false;
            }
            if (outcome.Exception is Exception exception)
            {
                // An open circuit stays open for longer than any backoff: retrying it only burns attempts.
                return !(exception is BrokenCircuitException) && ErrorClassifier.IsTransient(exception);
            }
            AttemptResponse response = outcome.Result!;
            if (!StatusCodes.IsTransient(response.StatusCode))
            {
                return false;
            }
            // A server that asks for a longer wait than we allow gets a failed request, not a sleeping script.
            return response.RetryAfter is null || response.RetryAfter <= options.MaxRetryAfter;
        }
    }
}

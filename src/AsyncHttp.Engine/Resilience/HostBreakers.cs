using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;

namespace AsyncHttp
{
    /// <summary>One Polly circuit breaker per host (scheme, host and port), made on first use.</summary>
    internal sealed class HostBreakers
    {
        private readonly ConcurrentDictionary<string, ResiliencePipeline<AttemptResponse>> _byHost =
            new ConcurrentDictionary<string, ResiliencePipeline<AttemptResponse>>(StringComparer.OrdinalIgnoreCase);
        private readonly CircuitBreakerOptions _options;
        private readonly TimeProvider? _timeProvider;

        public HostBreakers(CircuitBreakerOptions options, TimeProvider? timeProvider = null)
        {
            _options = options;
            _timeProvider = timeProvider;
        }

        public ResiliencePipeline<AttemptResponse> For(Uri uri) =>
            _byHost.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => Create());

        private ResiliencePipeline<AttemptResponse> Create()
        {
            var builder = new ResiliencePipelineBuilder<AttemptResponse>();
            if (_timeProvider is not null)
            {
                builder.TimeProvider = _timeProvider;
            }
            return builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<AttemptResponse>
            {
                FailureRatio = _options.FailureRatio,
                MinimumThroughput = _options.MinimumThroughput,
                SamplingDuration = _options.SamplingDuration,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is Exception exception
                    ? !(exception is OperationCanceledException) && ErrorClassifier.IsTransient(exception)
                    : StatusCodes.IsTransient(args.Outcome.Result!.StatusCode)),
            }).Build();
        }
    }
}

using System;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace AsyncHttp
{
    /// <summary>
    /// The Polly pipeline that reconnects a dropped WebSocket: the first attempt at once, then waits from the reconnect
    /// interval, doubling with jitter up to the session's longest backoff. Only failures a retry may cure are retried.
    /// </summary>
    internal static class ReconnectPolicy
    {
        /// <summary>The pipeline for up to <paramref name="attempts"/> attempts; <paramref name="onRetry"/> hears of each failed one.</summary>
        public static ResiliencePipeline Create(int attempts, TimeSpan interval, Func<int, TimeSpan, HttpError, ValueTask> onRetry)
        {
            var builder = new ResiliencePipelineBuilder();
            if (attempts > 1)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = attempts - 1,
                    Delay = interval,
                    MaxDelay = ResilienceDefaults.MaxRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = new PredicateBuilder().Handle<WebSocketFailedException>(ex => ex.Error.IsTransient),
                    OnRetry = args => onRetry(args.AttemptNumber + 1, args.RetryDelay, ((WebSocketFailedException)args.Outcome.Exception!).Error),
                });
            }
            return builder.Build();
        }
    }
}

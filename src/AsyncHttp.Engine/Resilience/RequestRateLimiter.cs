using System;
using System.Threading.RateLimiting;

namespace AsyncHttp
{
    /// <summary>A token bucket shared by every run of a session: at most the given attempts per second, in bursts of one second's worth.</summary>
    internal static class RequestRateLimiter
    {
        /// <summary>The session's bucket: in this process, or in the Redis <paramref name="store"/> that other processes share.</summary>
        public static RateLimiter Create(double requestsPerSecond, Uri? store, TimeSpan connectTimeout)
        {
            if (store is null)
            {
                return Create(requestsPerSecond);
            }
            RedisStoreAddress address = RedisStoreAddress.Parse(store);
#if NET
            RedisRuntime.ThrowIfMissing(address);
            return new RedisRateLimiter(requestsPerSecond, address, connectTimeout);
#else
            // Refused when the session's options are checked (PlatformLimits); never reached.
            throw new PlatformNotSupportedException($"RateLimitStore '{address}' needs PowerShell 7.5 or later.");
#endif
        }

        public static RateLimiter Create(double requestsPerSecond)
        {
            if (double.IsNaN(requestsPerSecond) || requestsPerSecond <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The rate limit must be a positive number of requests per second.");
            }
            // One token per period; a rate below 1/s means a period longer than a second.
            int burst = Math.Max(1, (int)Math.Floor(requestsPerSecond));
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = burst,
                ReplenishmentPeriod = TimeSpan.FromSeconds(burst / requestsPerSecond),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }
}

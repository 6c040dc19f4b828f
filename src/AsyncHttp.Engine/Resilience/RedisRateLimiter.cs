#if NET
using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using RedisRateLimiting;
using StackExchange.Redis;

namespace AsyncHttp
{
    /// <summary>
    /// A token bucket kept in Redis and shared by every process, on any machine, that names the same store and key:
    /// RedisRateLimiting's bucket, which answers at once, made to wait for a token as the local bucket does. Within a
    /// process one request at a time asks Redis and the others queue behind it, so waiting costs Redis one call per
    /// token period per process. When Redis cannot be reached the attempt fails, unsent, with
    /// <see cref="RateLimitStoreException"/> (Kind RateLimitStore): a limit that cannot be checked is not assumed.
    /// </summary>
    internal sealed class RedisRateLimiter : RateLimiter
    {
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1);
        private readonly RedisStoreAddress _store;
        private readonly ConfigurationOptions _configuration;
        private readonly int _burst;
        private readonly TimeSpan _period;
        private Task<ConnectionMultiplexer>? _connecting;
        private RateLimiter? _bucket;

        public RedisRateLimiter(double requestsPerSecond, RedisStoreAddress store, TimeSpan connectTimeout)
        {
            _store = store;
            // As the local bucket: up to one second's worth at once, then one token every 1/rate seconds.
            _burst = Math.Max(1, (int)Math.Floor(requestsPerSecond));
            _period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)(TimeSpan.TicksPerSecond / requestsPerSecond)));
            int timeoutMs = (int)Math.Min(int.MaxValue, connectTimeout.TotalMilliseconds);
            _configuration = new ConfigurationOptions
            {
                EndPoints = { { store.Host, store.Port } },
                User = store.User,
                Password = store.Password,
                Ssl = store.UseTls,
                ClientName = "AsyncHttp",
                ConnectTimeout = timeoutMs,
                AsyncTimeout = timeoutMs,
                SyncTimeout = timeoutMs,
                // Connect in the background and keep reconnecting; while there is no connection, calls fail at once
                // instead of queueing, so a request learns within its own time that the limit cannot be checked.
                AbortOnConnectFail = false,
                BacklogPolicy = BacklogPolicy.FailFast,
            };
        }

        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        // Polly's rate limiter strategy only waits (AcquireAsync); a lease that is not waited for is never granted here.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => NoLease.Instance;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                RateLimiter bucket = await BucketAsync(cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    RateLimitLease lease;
                    try
                    {
                        // The package's call takes no token: waiting for it here lets a stopped run stop at once.
                        lease = await bucket.AcquireAsync(permitCount, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is RedisException || ex is RedisTimeoutException)
                    {
                        throw Unreachable(ex);
                    }
                    if (lease.IsAcquired)
                    {
                        return lease;
                    }
                    lease.Dispose();
                    // The next token comes within one period, from whichever process's request first asks for it.
                    await Task.Delay(_period, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _turn.Release();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _connecting is { IsCompletedSuccessfully: true } connecting)
            {
                connecting.Result.Dispose();
            }
        }

        private async Task<RateLimiter> BucketAsync(CancellationToken cancellationToken)
        {
            if (_bucket is not null)
            {
                return _bucket;
            }
            // Connected on first use, under the turn, so once per session; a first try that is cancelled goes on for the next.
            _connecting ??= ConnectionMultiplexer.ConnectAsync(_configuration);
            ConnectionMultiplexer connection;
            try
            {
                connection = await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException || ex is RedisTimeoutException)
            {
                _connecting = null;
                throw Unreachable(ex);
            }
            _bucket = new RedisTokenBucketRateLimiter<string>(_store.Key, new RedisTokenBucketRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => connection,
                TokenLimit = _burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = _period,
            });
            return _bucket;
        }

        private RateLimitStoreException Unreachable(Exception cause)
        {
            string why = cause switch
            {
                RedisConnectionException connection when connection.FailureType == ConnectionFailureType.AuthenticationFailure => "it refused the credentials",
                RedisConnectionException _ => "no connection",
                RedisTimeoutException _ => "no answer in time",
                _ => "it answered with an error",
            };
            return new RateLimitStoreException(
                $"The shared rate limit's store {_store} could not be asked for a turn ({why}); the request was not sent.", cause);
        }

        private sealed class NoLease : RateLimitLease
        {
            public static readonly NoLease Instance = new NoLease();

            public override bool IsAcquired => false;

            public override System.Collections.Generic.IEnumerable<string> MetadataNames => Array.Empty<string>();

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
#endif

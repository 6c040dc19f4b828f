using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AsyncHttp
{
    /// <summary>
    /// What a run did, in one object: requests, failures by kind, responses by status, retries and redirects, and
    /// latency percentiles. Memory stays fixed whatever the number of requests: latencies are kept in buckets 1% wide,
    /// so a percentile is exact to within 1%.
    /// </summary>
    public sealed class RunSummary
    {
        // Bucket i holds latencies up to Growth^i microseconds: 2,000 buckets reach beyond a day.
        private const double Growth = 1.01;
        private const int BucketCount = 2000;
        private readonly long[] _buckets = new long[BucketCount];
        private readonly SortedDictionary<string, long> _byKind = new SortedDictionary<string, long>(StringComparer.Ordinal);
        private readonly SortedDictionary<int, long> _byStatus = new SortedDictionary<int, long>();
        private TimeSpan _max;

        /// <summary>Requests that ended, success or failure.</summary>
        public long Requests { get; private set; }

        /// <summary>Requests that failed.</summary>
        public long Failed { get; private set; }

        /// <summary>Attempts beyond the first, over all requests.</summary>
        public long Retries { get; private set; }

        /// <summary>Redirects followed, over all attempts.</summary>
        public long Redirects { get; private set; }

        /// <summary>Failed requests by their Kind.</summary>
        public IReadOnlyDictionary<string, long> ByKind => _byKind;

        /// <summary>Final responses by status code (requests with no response are not counted here).</summary>
        public IReadOnlyDictionary<int, long> ByStatus => _byStatus;

        /// <summary>The median of the requests' total times.</summary>
        public TimeSpan P50 => Percentile(0.50);

        /// <summary>The 90th percentile of the requests' total times.</summary>
        public TimeSpan P90 => Percentile(0.90);

        /// <summary>The 99th percentile of the requests' total times.</summary>
        public TimeSpan P99 => Percentile(0.99);

        /// <summary>The longest total time.</summary>
        public TimeSpan Max => _max;

        /// <summary>Wall time of the run, when the runner of it says.</summary>
        public TimeSpan Elapsed { get; set; }

        /// <summary>Counts one result.</summary>
        public void Add(HttpResult result)
        {
            Requests++;
            if (result.Error is HttpError error)
            {
                Failed++;
                string kind = error.Kind.ToString();
                _byKind[kind] = _byKind.TryGetValue(kind, out long count) ? count + 1 : 1;
            }
            if (result.StatusCode is int status)
            {
                _byStatus[status] = _byStatus.TryGetValue(status, out long count) ? count + 1 : 1;
            }
            Retries += Math.Max(0, result.Attempts - 1);
            foreach (HttpStep step in result.History)
            {
                if (step.Next == "Redirect")
                {
                    Redirects++;
                }
            }
            TimeSpan total = result.Elapsed;
            _max = total > _max ? total : _max;
            _buckets[BucketOf(total)]++;
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            string kinds = _byKind.Count == 0 ? "none" : string.Join(", ", _byKind.Select(k => $"{k.Key} {k.Value}"));
            string statuses = string.Join(", ", _byStatus.Select(s => $"{s.Key} {s.Value}"));
            return string.Format(CultureInfo.InvariantCulture,
                "{0} requests, {1} failed ({2}); status {3}; {4} retries, {5} redirects; p50 {6}, p90 {7}, p99 {8}, max {9}",
                Requests, Failed, kinds, statuses.Length == 0 ? "none" : statuses, Retries, Redirects,
                HttpTimings.Ms(P50), HttpTimings.Ms(P90), HttpTimings.Ms(P99), HttpTimings.Ms(Max));
        }

        private TimeSpan Percentile(double fraction)
        {
            if (Requests == 0)
            {
                return TimeSpan.Zero;
            }
            long rank = (long)Math.Ceiling(fraction * Requests);
            long seen = 0;
            for (int i = 0; i < BucketCount; i++)
            {
                seen += _buckets[i];
                if (seen >= rank)
                {
                    // The bucket's upper bound, but never beyond the longest time seen.
                    TimeSpan bound = TimeSpan.FromTicks((long)(Math.Pow(Growth, i) * 10));
                    return bound < _max ? bound : _max;
                }
            }
            return _max;
        }

        private static int BucketOf(TimeSpan time)
        {
            double microseconds = time.Ticks / 10.0;
            if (microseconds <= 1)
            {
                return 0;
            }
            int bucket = (int)Math.Ceiling(Math.Log(microseconds) / Math.Log(Growth));
            return Math.Min(bucket, BucketCount - 1);
        }
    }
}

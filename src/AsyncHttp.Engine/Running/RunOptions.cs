using System;

namespace AsyncHttp
{
    /// <summary>How one run treats its requests; what is null here comes from the session.</summary>
    public sealed class RunOptions
    {
        /// <summary>Requests in flight at once when the run says nothing: enough to saturate a server on loopback, polite to real ones.</summary>
        public const int DefaultThrottleLimit = 32;

        /// <summary>Requests in flight at once. The default is 32.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>Emit results in input order. The default is false: completion order.</summary>
        public bool Ordered { get; set; }

        /// <summary>Results held back to restore input order; null for 4 × ThrottleLimit.</summary>
        public int? ReorderWindow { get; set; }

        /// <summary>Parse each body as JSON. The default is false.</summary>
        public bool AsJson { get; set; }

        /// <summary>Treat non-2xx responses as successes; null to take the session's setting.</summary>
        public bool? SkipHttpErrorCheck { get; set; }

        /// <summary>Timeouts and retries for this run; null to take the session's, with <see cref="Overrides"/>.</summary>
        public ResilienceOptions? Resilience { get; set; }

        /// <summary>What this run changes of the session's timeouts and retries. The default changes nothing.</summary>
        public ResilienceOverrides Overrides { get; set; } = new ResilienceOverrides();

        /// <summary>How bodies are read as JSON. The default reads them plainly (see <see cref="JsonReading"/>).</summary>
        public JsonReading? JsonReading { get; set; }

        /// <summary>The encoding of text bodies whose charset is missing or wrong; null to take the session's (by default the charset, else UTF-8). A byte order mark wins.</summary>
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>What this run changes of the session's credentials, certificate check and redirects. The default changes nothing.</summary>
        public SecurityOverrides Security { get; set; } = new SecurityOverrides();

        /// <summary>Turns parsed JSON (see <see cref="JsonTree"/>) into the caller's objects, on the thread that completed the request.</summary>
        public Func<object?, object?>? JsonConverter { get; set; }

        /// <summary>The largest body kept in memory, in decoded bytes; null for the session's (256 MiB by default).</summary>
        public long? MaximumResponseSize { get; set; }

        /// <summary>Save each successful body to a file in this folder instead of keeping it in Content. The default is none.</summary>
        public string? OutDirectory { get; set; }

        /// <summary>Send only this share of the input; results keep their position in the whole input as Index. The default is none: all of it.</summary>
        public InputPartition? Partition { get; set; }

        /// <summary>Where the run queues its events (retries, redirects, connections) for its consumer to take; null (the default) for none.</summary>
        public TraceEvents? Events { get; set; }

        /// <summary>What applies to every request that does not set its own.</summary>
        public RequestDefaults Defaults { get; set; } = new RequestDefaults();

        /// <summary>Follow redirects from https down to plain http; null to take the session's setting (false by default).</summary>
        public bool? AllowInsecureRedirect { get; set; }

        // Saturated: a huge ThrottleLimit with Ordered is valid, and its window simply has no practical bound.
        internal int EffectiveReorderWindow => ReorderWindow ?? (int)Math.Min(int.MaxValue, ThrottleLimit * 4L);

        /// <summary>Refuses values out of range, naming them.</summary>
        public void Validate()
        {
            if (ThrottleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "ThrottleLimit must be at least 1.");
            }
            if (ReorderWindow is int window && window < ThrottleLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(ReorderWindow), window, $"ReorderWindow ({window}) must be at least ThrottleLimit ({ThrottleLimit}).");
            }
            if (MaximumResponseSize is long size)
            {
                SessionOptions.CheckResponseSize(size);
            }
            Resilience?.Validate();
            Security.Validate();
            Defaults.Validate();
            if (OutDirectory is not null && AsJson)
            {
                throw new ArgumentException("AsJson parses bodies kept in memory; OutDirectory saves them to files. Give one of them.");
            }
            if (OutDirectory is not null && !System.IO.Directory.Exists(OutDirectory))
            {
                throw new ArgumentException($"OutDirectory '{OutDirectory}' does not exist.", nameof(OutDirectory));
            }
        }
    }
}

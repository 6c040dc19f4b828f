using System;

namespace AsyncHttp
{
    /// <summary>How one body is streamed; what is null comes from the session.</summary>
    public sealed class StreamOptions
    {
        /// <summary>The longest line or event, in characters, before the stream fails as Payload. The default is 16 MiB.</summary>
        public const int DefaultMaxLineLength = 16 * 1024 * 1024;

        /// <summary>How the body is handed out. The default is lines.</summary>
        public StreamMode Mode { get; set; } = StreamMode.Lines;

        /// <summary>Longest silence while reading; null for the session's (30 seconds by default).</summary>
        public TimeSpan? ReadTimeout { get; set; }

        /// <summary>The longest line or event, in characters. The default is 16 MiB.</summary>
        public int MaxLineLength { get; set; } = DefaultMaxLineLength;

        /// <summary>Timeouts and retries until the response headers arrive; null for the session's.</summary>
        public ResilienceOptions? Resilience { get; set; }

        /// <summary>What this call changes of the session's timeouts and retries. The default changes nothing.</summary>
        public ResilienceOverrides Overrides { get; set; } = new ResilienceOverrides();

        /// <summary>Follow redirects from https down to plain http; null to take the session's setting.</summary>
        public bool? AllowInsecureRedirect { get; set; }

        /// <summary>What this call changes of the session's credentials, certificate check and redirects. The default changes nothing.</summary>
        public SecurityOverrides Security { get; set; } = new SecurityOverrides();

        /// <summary>Turns parsed JSON lines into the caller's objects.</summary>
        public Func<object?, object?>? JsonConverter { get; set; }

        /// <summary>What applies to the request where it sets nothing.</summary>
        public RequestDefaults Defaults { get; set; } = new RequestDefaults();

        /// <summary>
        /// The queue for the request's events on its way to the headers (retries, redirects, connections), when the
        /// consumer wants them; null for none.
        /// </summary>
        public TraceEvents? Events { get; set; }
    }
}

using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>One request as the caller describes it, before any checking.</summary>
    public sealed class RequestSpec
    {
        /// <summary>The URI, absolute or relative to the session's base URI.</summary>
        public string? Uri { get; set; }

        /// <summary>The HTTP method; GET when null.</summary>
        public string? Method { get; set; }

        /// <summary>Headers of this request; they override the session's and the run's of the same name.</summary>
        public IList<KeyValuePair<string, string>>? Headers { get; set; }

        /// <summary>The body: a string, a byte array, a dictionary (form fields, or JSON when the content type says so) or a file.</summary>
        public object? Body { get; set; }

        /// <summary>The media type of the body.</summary>
        public string? ContentType { get; set; }

        /// <summary>Anything the caller wants back on the result.</summary>
        public object? Tag { get; set; }

        /// <summary>Query fields appended to the URI, escaped; a list value repeats its name.</summary>
        public System.Collections.IDictionary? Query { get; set; }

        /// <summary>Fields sent as multipart/form-data: text, numbers, files (streamed from disk), or lists of them. Not with <see cref="Body"/>.</summary>
        public System.Collections.IDictionary? Form { get; set; }

        /// <summary>This request's own total time, retries included (<see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none); null for the run's.</summary>
        public System.TimeSpan? Timeout { get; set; }

        /// <summary>This request's own time per attempt; null for the run's.</summary>
        public System.TimeSpan? AttemptTimeout { get; set; }

        /// <summary>This request's own number of retries; null for the run's.</summary>
        public int? MaximumRetryCount { get; set; }

        /// <summary>Treat a non-2xx response of this request as a success; null for the run's setting.</summary>
        public bool? SkipHttpErrorCheck { get; set; }

        /// <summary>A full path to save this request's body to, instead of keeping it in Content.</summary>
        public string? OutFile { get; set; }

        /// <summary>Set by the caller when the input could not be read as a request: the request fails as InvalidRequest with this message.</summary>
        public string? InvalidReason { get; set; }
    }
}

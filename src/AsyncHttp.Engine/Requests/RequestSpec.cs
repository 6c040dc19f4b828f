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

        /// <summary>Set by the caller when the input could not be read as a request: the request fails as InvalidRequest with this message.</summary>
        public string? InvalidReason { get; set; }
    }
}

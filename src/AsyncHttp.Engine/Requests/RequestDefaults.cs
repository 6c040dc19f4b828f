using System;
using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>What a run applies to every request that does not set its own.</summary>
    public sealed class RequestDefaults
    {
        /// <summary>The method; GET unless set.</summary>
        public string Method { get; set; } = "GET";

        /// <summary>Headers added to the session's; a request's own headers of the same name win.</summary>
        public IList<KeyValuePair<string, string>>? Headers { get; set; }

        /// <summary>The body of requests that have none.</summary>
        public object? Body { get; set; }

        /// <summary>The content type of requests that set none.</summary>
        public string? ContentType { get; set; }

        /// <summary>Query fields appended to every request's URI, before the request's own. The default is none.</summary>
        public System.Collections.IDictionary? Query { get; set; }

        /// <summary>Multipart form fields of requests that have no body or form of their own. The default is none.</summary>
        public System.Collections.IDictionary? Form { get; set; }

        /// <summary>How deep a body written as JSON may nest. The default is 100.</summary>
        public int JsonDepth { get; set; } = JsonBody.DefaultDepth;

        /// <summary>Refuses defaults that would make every request invalid, naming the bad value, before anything is sent.</summary>
        public void Validate()
        {
            try
            {
                _ = new PreparedDefaults(this);
            }
            catch (InvalidRequestException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
        }
    }
}

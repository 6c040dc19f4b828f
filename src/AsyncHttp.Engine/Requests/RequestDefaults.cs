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

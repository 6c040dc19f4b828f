using System;
using System.Collections.Generic;
using System.Net.Http.Headers;

namespace AsyncHttp
{
    /// <summary>Which response bodies are text (kept as a string) and which are bytes, as Invoke-WebRequest decides.</summary>
    internal static class TextMedia
    {
        private static readonly HashSet<string> TextTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "application/json", "application/xml", "application/javascript", "application/ecmascript", "application/x-javascript",
            "application/x-www-form-urlencoded", "application/xhtml+xml", "application/problem+json", "application/yaml", "application/x-ndjson",
        };

        /// <summary>
        /// True for text/*, JSON and +json, XML and +xml, JavaScript and form bodies, and for a body with no media type
        /// at all (as Invoke-RestMethod reads it); false for everything else, and for a body still encoded (gzip, br).
        /// </summary>
        public static bool IsText(MediaTypeHeaderValue? contentType, IReadOnlyDictionary<string, string> headers)
        {
            if (headers.TryGetValue("Content-Encoding", out string? encoding) && !string.Equals(encoding.Trim(), "identity", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            string? type = contentType?.MediaType;
            if (string.IsNullOrEmpty(type))
            {
                return true;
            }
            return type!.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
                || TextTypes.Contains(type)
                || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
        }
    }
}

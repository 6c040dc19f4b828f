using System;
using System.Collections.Generic;
using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>The methods a request may use; an unknown one is far more often a typo than an extension.</summary>
    internal static class Methods
    {
        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
            "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH", "QUERY", "PURGE",
        };

        // RFC 9110 9.2.2, plus the WebDAV reads; POST and PATCH are the ones that are not.
        private static readonly HashSet<string> Idempotent = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "REPORT", "SEARCH", "QUERY", "PURGE",
        };

        public static HttpMethod Parse(string? method)
        {
            string name = (method ?? "GET").Trim();
            if (!Known.Contains(name))
            {
                throw new InvalidRequestException($"Method '{method}' is not a known HTTP method ({string.Join(", ", Known)}).");
            }
            name = name.ToUpperInvariant();
            return name switch
            {
                "GET" => HttpMethod.Get,
                "POST" => HttpMethod.Post,
                "PUT" => HttpMethod.Put,
                "DELETE" => HttpMethod.Delete,
                "HEAD" => HttpMethod.Head,
                _ => new HttpMethod(name),
            };
        }

        public static bool IsIdempotent(string method) => Idempotent.Contains(method);
    }
}

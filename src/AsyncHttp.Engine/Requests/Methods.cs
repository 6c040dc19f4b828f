using System;
using System.Collections.Generic;
using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>The methods a request may use: any valid token (RFC 9110 5.6.2), as servers define their own (MERGE, BREW, …).</summary>
    internal static class Methods
    {
        /// <summary>The methods offered by tab completion.</summary>
        public static readonly string[] Common = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY" };

        // RFC 9110 9.2.2, plus the WebDAV reads; POST and PATCH are the ones that are not.
        private static readonly HashSet<string> Idempotent = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "REPORT", "SEARCH", "QUERY", "PURGE",
        };

        // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
        private const string TokenSymbols = "!#$%&'*+-.^_`|~";

        public static HttpMethod Parse(string? method)
        {
            string name = (method ?? "GET").Trim();
            if (!IsToken(name))
            {
                throw new InvalidRequestException($"Method '{method}' is not a valid HTTP method: use letters, digits and !#$%&'*+-.^_`|~ only.");
            }
            // Methods are case-sensitive on the wire; the common ones are written upper-case whatever the caller typed.
            string upper = name.ToUpperInvariant();
            return upper switch
            {
                "GET" => HttpMethod.Get,
                "POST" => HttpMethod.Post,
                "PUT" => HttpMethod.Put,
                "DELETE" => HttpMethod.Delete,
                "HEAD" => HttpMethod.Head,
                _ => new HttpMethod(Array.IndexOf(Common, upper) >= 0 || Idempotent.Contains(upper) ? upper : name),
            };
        }

        public static bool IsIdempotent(string method) => Idempotent.Contains(method);

        private static bool IsToken(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }
            foreach (char c in name)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TokenSymbols.IndexOf(c) >= 0;
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace AsyncHttp.Conversion
{
    /// <summary>The request conditions that Add-HttpMockResponse, Get-HttpMockCall and Assert-HttpMockCalled share, as the matchers of a rule.</summary>
    internal static class MockRequestFilter
    {
        /// <summary>Sets the rule's matchers; throws <see cref="ArgumentException"/> naming a bad pattern.</summary>
        public static HttpMockRule Apply(HttpMockRule rule, Uri? uri, string? uriLike, string? uriMatch, string? method, IDictionary? headers, string? body, string? bodyMatch)
        {
            if (uriLike is not null && uriMatch is not null)
            {
                throw new ArgumentException($"Give -UriLike '{uriLike}' or -UriMatch '{uriMatch}', not both.");
            }
            rule.Uri = uri;
            rule.UriPattern = uriLike is not null ? HttpMockRule.Wildcard(uriLike) : uriMatch is not null ? Pattern(uriMatch, "UriMatch") : null;
            rule.Method = method;
            rule.Body = body;
            rule.BodyPattern = bodyMatch is null ? null : Pattern(bodyMatch, "BodyMatch");
            foreach (KeyValuePair<string, string> header in RequestInput.ToHeaders(headers) ?? new List<KeyValuePair<string, string>>())
            {
                rule.Headers.Add(header);
            }
            return rule;
        }

        private static Regex Pattern(string pattern, string name)
        {
            try
            {
                return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"-{name} '{pattern}' is not a regular expression: {ex.Message}");
            }
        }
    }
}

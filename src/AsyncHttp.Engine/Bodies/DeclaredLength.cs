using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
#if NET
using System.Net.Http.Headers;
#endif

namespace AsyncHttp
{
    /// <summary>
    /// Refuses a response whose Content-Length cannot be trusted: two different values, or one that is no
    /// non-negative number. The handler frames the body by one of them; which one is a guess, and a guess is no body.
    /// </summary>
    internal static class DeclaredLength
    {
        public static void Check(HttpResponseMessage response)
        {
            var values = new List<string>();
            foreach (string header in RawValues(response))
            {
                foreach (string part in header.Split(','))
                {
                    values.Add(part.Trim());
                }
            }
            string? first = null;
            foreach (string value in values)
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw Malformed($"The response's Content-Length '{value}' is not a size in bytes.");
                }
                if (first is not null && first != value)
                {
                    throw Malformed($"The response has conflicting Content-Length headers ({string.Join(", ", values)}).");
                }
                first = value;
            }
        }

        private static PayloadException Malformed(string message) => new PayloadException(message, 0, null, transient: false);

        private static IEnumerable<string> RawValues(HttpResponseMessage response)
        {
#if NET
            if (response.Content.Headers.NonValidated.TryGetValues("Content-Length", out HeaderStringValues values))
            {
                foreach (string value in values)
                {
                    yield return value;
                }
            }
#else
            if (response.Content.Headers.TryGetValues("Content-Length", out IEnumerable<string>? values))
            {
                foreach (string value in values)
                {
                    yield return value;
                }
            }
#endif
        }
    }
}

using System;

namespace AsyncHttp
{
    /// <summary>
    /// Removes what must never be shown from a URI: user information, and the values of query parameters, which
    /// often carry tokens and signatures (names stay, so the request can still be told apart). Views, messages and
    /// error records show URIs only through here; the raw URI stays in the properties the caller set.
    /// </summary>
    public static class Redact
    {
        /// <summary>The URI without user information, with query values as "***".</summary>
        public static string Uri(Uri? uri)
        {
            if (uri is null)
            {
                return string.Empty;
            }
            if (!uri.IsAbsoluteUri)
            {
                return Text(uri.OriginalString);
            }
            string text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return uri.Query.Length > 1 ? text + RedactQuery(uri.Query) : text;
        }

        /// <summary>
        /// The same for text that may not parse as a URI (it is shown because it does not): whatever stands before an
        /// "@" in the authority goes, and so do query values.
        /// </summary>
        public static string Text(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }
            string shown = text!;
            int scheme = shown.IndexOf("//", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                int hostStart = scheme + 2;
                int end = shown.IndexOfAny(new[] { '/', '?', '#' }, hostStart);
                end = end < 0 ? shown.Length : end;
                int at = end > hostStart ? shown.LastIndexOf('@', end - 1, end - hostStart) : -1;
                if (at >= 0)
                {
                    shown = shown.Substring(0, hostStart) + shown.Substring(at + 1);
                }
            }
            int query = shown.IndexOf('?');
            if (query < 0)
            {
                return shown;
            }
            int fragment = shown.IndexOf('#', query);
            string tail = fragment < 0 ? string.Empty : shown.Substring(fragment);
            string queryText = fragment < 0 ? shown.Substring(query) : shown.Substring(query, fragment - query);
            return shown.Substring(0, query) + (queryText.Length > 1 ? RedactQuery(queryText) : queryText) + tail;
        }

        private static string RedactQuery(string query)
        {
            var parts = query.Substring(1).Split('&');
            for (int i = 0; i < parts.Length; i++)
            {
                int equals = parts[i].IndexOf('=');
                if (equals >= 0)
                {
                    parts[i] = parts[i].Substring(0, equals) + "=***";
                }
            }
            return "?" + string.Join("&", parts);
        }
    }
}

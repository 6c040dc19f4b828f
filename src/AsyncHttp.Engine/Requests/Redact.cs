using System;

namespace AsyncHttp
{
    /// <summary>
    /// Removes what must never be shown from a URI: user information, and the values of query parameters, which
    /// often carry tokens and signatures (names stay, so the request can still be told apart).
    /// </summary>
    internal static class Redact
    {
        public static string Uri(Uri? uri)
        {
            if (uri is null)
            {
                return string.Empty;
            }
            if (!uri.IsAbsoluteUri)
            {
                return uri.OriginalString;
            }
            string text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return uri.Query.Length > 1 ? text + RedactQuery(uri.Query) : text;
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

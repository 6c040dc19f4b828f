using System;

namespace AsyncHttp
{
    /// <summary>Removes what must never be shown: user information in URIs.</summary>
    internal static class Redact
    {
        public static string Uri(Uri? uri)
        {
            if (uri is null)
            {
                return string.Empty;
            }
            if (!uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.UserInfo))
            {
                return uri.ToString();
            }
            return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
        }
    }
}

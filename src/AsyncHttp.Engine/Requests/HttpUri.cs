using System;

namespace AsyncHttp
{
    /// <summary>Which URIs a session can send to.</summary>
    internal static class HttpUri
    {
        public static bool IsHttp(Uri uri) =>
            uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;
    }
}

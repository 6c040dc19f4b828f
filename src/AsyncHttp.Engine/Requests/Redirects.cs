using System;
using System.Net;
using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>
    /// The redirect rules the session follows itself (the handler's own following is off), so that credentials stay
    /// with their origin: as browsers and Invoke-RestMethod do, a 303 (and a 301 or 302 after POST) becomes a GET
    /// without body; 307 and 308 keep method and body.
    /// </summary>
    internal static class Redirects
    {
        /// <summary>Where a response redirects to, or null when it does not (or points outside http and https).</summary>
        public static Uri? Target(HttpResponseMessage response, Uri from)
        {
            int status = (int)response.StatusCode;
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
            {
                return null;
            }
            Uri? location = response.Headers.Location;
            if (location is null)
            {
                return null;
            }
            Uri target = location.IsAbsoluteUri ? location : new Uri(from, location);
            return HttpUri.IsHttp(target) ? target : null;
        }

        public static (HttpMethod Method, bool WithBody) MethodAfter(HttpStatusCode status, HttpMethod method)
        {
            int code = (int)status;
            bool becomesGet = (code == 303 && method != HttpMethod.Head)
                || ((code == 301 || code == 302) && method == HttpMethod.Post);
            return becomesGet ? (HttpMethod.Get, false) : (method, true);
        }

        public static bool SameOrigin(Uri a, Uri b) =>
            string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

        public static bool IsDowngrade(Uri from, Uri to) =>
            from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp;
    }
}

using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>
    /// The redirect rules the session follows itself (the handler's own following is off), so that credentials stay
    /// with their origin: as browsers and Invoke-RestMethod do, a 303 (and a 301 or 302 after POST) becomes a GET
    /// without body; 307 and 308 keep method and body.
    /// </summary>
    internal static class Redirects
    {
        /// <summary>Whether a response is a redirect the session follows: 301, 302, 303, 307 or 308 with a Location header.</summary>
        public static bool IsRedirect(HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && response.Headers.Contains("Location");
        }

        /// <summary>
        /// Where a redirect (see <see cref="IsRedirect"/>) leads. Throws <see cref="RedirectRefusedException"/>, saying
        /// what was refused, for a Location that is empty or no URI, outside http and https, or from https down to
        /// plain http without <paramref name="allowInsecure"/> (as Invoke-RestMethod refuses it).
        /// </summary>
        public static Uri Target(HttpResponseMessage response, Uri from, bool allowInsecure)
        {
            int status = (int)response.StatusCode;
            Uri? location = response.Headers.Location;
            if (location is null || location.OriginalString.Trim().Length == 0)
            {
                string raw = RawLocation(response);
                throw new RedirectRefusedException(raw.Trim().Length == 0
                    ? $"The {status} redirect from {Redact.Uri(from)} has an empty Location; it was not followed."
                    : $"The {status} redirect from {Redact.Uri(from)} points to '{Redact.Text(raw)}', which is not a URI; it was not followed.");
            }
            Uri target = location.IsAbsoluteUri ? location : new Uri(from, location);
            if (!HttpUri.IsHttp(target))
            {
                throw new RedirectRefusedException(
                    $"The {status} redirect from {Redact.Uri(from)} to {Redact.Uri(target)} was not followed: only http and https redirects are.");
            }
            if (IsDowngrade(from, target) && !allowInsecure)
            {
                throw new RedirectRefusedException(
                    $"The {status} redirect from {Redact.Uri(from)} down to plain http ({Redact.Uri(target)}) was not followed; -AllowInsecureRedirect allows it.");
            }
            return target;
        }

        private static string RawLocation(HttpResponseMessage response)
        {
#if NET
            return response.Headers.NonValidated.TryGetValues("Location", out HeaderStringValues values) ? values.ToString() : string.Empty;
#else
            return response.Headers.TryGetValues("Location", out IEnumerable<string>? values) ? string.Join(", ", values) : string.Empty;
#endif
        }

        /// <summary>The method and whether the body goes along after a redirect; <paramref name="preserveMethod"/> keeps a POST a POST on 301 and 302.</summary>
        public static (HttpMethod Method, bool WithBody) MethodAfter(HttpStatusCode status, HttpMethod method, bool preserveMethod = false)
        {
            int code = (int)status;
            bool becomesGet = (code == 303 && method != HttpMethod.Head)
                || ((code == 301 || code == 302) && method == HttpMethod.Post && !preserveMethod);
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

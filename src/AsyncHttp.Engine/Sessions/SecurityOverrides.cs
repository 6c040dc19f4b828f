using System;
using System.Net;

namespace AsyncHttp
{
    /// <summary>
    /// What one call changes of its session's credentials, certificate check and redirect rules; each value left null
    /// keeps the session's. The session resolves them (<see cref="HttpSession.Resolve"/>): the engine decides policy.
    /// </summary>
    public sealed class SecurityOverrides
    {
        /// <summary>Credentials sent as HTTP Basic authentication instead of the session's Credential or Token.</summary>
        public NetworkCredential? Credential { get; set; }

        /// <summary>A bearer token sent instead of the session's Credential or Token.</summary>
        public System.Security.SecureString? Token { get; set; }

        /// <summary>Accept any server certificate (true), or check it (false) whatever the session says.</summary>
        public bool? SkipCertificateCheck { get; set; }

        /// <summary>Redirects followed; 0 turns following off.</summary>
        public int? MaximumRedirection { get; set; }

        /// <summary>Keep the method and body when a 301 or 302 follows a POST, instead of turning it into a GET.</summary>
        public bool? PreserveHttpMethodOnRedirect { get; set; }

        /// <summary>Refuses contradictory or out-of-range values, naming them.</summary>
        public void Validate()
        {
            if (Credential is not null && Token is not null)
            {
                throw new ArgumentException("Credential and Token both set the Authorization header; give one of them.");
            }
            if (MaximumRedirection is int redirects && redirects < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumRedirection), redirects, "MaximumRedirection must not be negative.");
            }
        }
    }
}

using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>The credentials, client and redirect rules one run uses: the session's, with the call's overrides applied.</summary>
    internal sealed class SecurityPolicy
    {
        public SecurityPolicy(HttpClient client, string? authorization, int maximumRedirection, bool preserveHttpMethodOnRedirect)
        {
            Client = client;
            Authorization = authorization;
            MaximumRedirection = maximumRedirection;
            PreserveHttpMethodOnRedirect = preserveHttpMethodOnRedirect;
        }

        /// <summary>The client to send with: the session's, or its twin with the other certificate check.</summary>
        public HttpClient Client { get; }

        /// <summary>The Authorization header value; never shown.</summary>
        public string? Authorization { get; }

        public int MaximumRedirection { get; }

        public bool PreserveHttpMethodOnRedirect { get; }
    }
}

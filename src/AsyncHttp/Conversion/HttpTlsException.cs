namespace AsyncHttp
{
    /// <summary>The TLS handshake or the server's certificate failed: Tls (aiohttp's ClientSSLError).</summary>
    public sealed class HttpTlsException : HttpRequestFailedException
    {
        /// <summary>Wraps a failed result.</summary>
        public HttpTlsException(HttpResult result)
            : base(result)
        {
        }
    }
}

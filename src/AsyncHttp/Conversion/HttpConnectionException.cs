namespace AsyncHttp
{
    /// <summary>The server could not be reached: Dns, ConnectionRefused, ConnectionReset or Proxy (aiohttp's ClientConnectorError).</summary>
    public sealed class HttpConnectionException : HttpRequestFailedException
    {
        /// <summary>Wraps a failed result.</summary>
        public HttpConnectionException(HttpResult result)
            : base(result)
        {
        }
    }
}

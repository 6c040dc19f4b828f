namespace AsyncHttp
{
    /// <summary>A timeout: ConnectTimeout, Timeout or ReadTimeout (aiohttp's ServerTimeoutError).</summary>
    public sealed class HttpTimeoutException : HttpRequestFailedException
    {
        /// <summary>Wraps a failed result.</summary>
        public HttpTimeoutException(HttpResult result)
            : base(result)
        {
        }
    }
}

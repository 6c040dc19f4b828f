namespace AsyncHttp
{
    /// <summary>The body was cut short, too long or malformed: Payload (aiohttp's ClientPayloadError).</summary>
    public sealed class HttpPayloadException : HttpRequestFailedException
    {
        /// <summary>Wraps a failed result.</summary>
        public HttpPayloadException(HttpResult result)
            : base(result)
        {
        }
    }
}

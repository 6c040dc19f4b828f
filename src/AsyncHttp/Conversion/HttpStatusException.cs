namespace AsyncHttp
{
    /// <summary>The server answered without success: HttpStatus or TooManyRedirects (aiohttp's ClientResponseError).</summary>
    public sealed class HttpStatusException : HttpRequestFailedException
    {
        /// <summary>Wraps a failed result.</summary>
        public HttpStatusException(HttpResult result)
            : base(result)
        {
        }
    }
}

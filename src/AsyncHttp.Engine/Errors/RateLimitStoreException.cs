using System;

namespace AsyncHttp
{
    /// <summary>The store of a shared rate limit (Redis) could not be asked for a turn, so the request was not sent.</summary>
    public sealed class RateLimitStoreException : Exception
    {
        internal RateLimitStoreException(string message, Exception? inner)
            : base(message, inner)
        {
        }
    }
}

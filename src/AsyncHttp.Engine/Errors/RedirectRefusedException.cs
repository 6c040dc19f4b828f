using System;

namespace AsyncHttp
{
    /// <summary>
    /// A redirect the session does not follow: from https down to plain http (unless allowed), to a scheme other than
    /// http and https, or without a usable Location. Not retried: the server answers the same way.
    /// </summary>
    public sealed class RedirectRefusedException : Exception
    {
        internal RedirectRefusedException(string message)
            : base(message)
        {
        }
    }
}

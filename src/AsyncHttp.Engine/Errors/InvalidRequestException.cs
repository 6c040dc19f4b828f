using System;

namespace AsyncHttp
{
    /// <summary>A request that cannot be sent as described; it becomes a result of kind InvalidRequest.</summary>
    public sealed class InvalidRequestException : Exception
    {
        /// <summary>Creates the exception with a message that names the bad value.</summary>
        public InvalidRequestException(string message) : base(message)
        {
        }
    }
}

#if NET
using System;
using System.IO;
using System.Reflection;

namespace AsyncHttp
{
    /// <summary>
    /// The Redis client needs System.IO.Pipelines, which the .NET runtime of PowerShell 7.5 and later provides. The
    /// module ships no assembly that PowerShell may already have, so on PowerShell 7.4 (.NET 8) the shared rate limit
    /// is refused when the session is made, rather than failing on the first request.
    /// </summary>
    internal static class RedisRuntime
    {
        public static void ThrowIfMissing(RedisStoreAddress store)
        {
            try
            {
                Assembly.Load(new AssemblyName("System.IO.Pipelines"));
            }
            catch (FileNotFoundException)
            {
                throw new ArgumentException(
                    $"RateLimitStore '{store}' needs PowerShell 7.5 or later: the Redis client uses System.IO.Pipelines, which this PowerShell's .NET runtime ({Environment.Version}) does not provide.",
                    "RateLimitStore");
            }
        }
    }
}
#endif

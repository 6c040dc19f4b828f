using System;

namespace AsyncHttp
{
    /// <summary>Seconds as PowerShell users give them, where 0 means no limit (as Invoke-RestMethod's -TimeoutSec).</summary>
    public static class Seconds
    {
        /// <summary>A timeout from whole seconds; 0 is none.</summary>
        public static TimeSpan ToTimeout(double seconds) =>
            seconds == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }
}

using System;

namespace AsyncHttp
{
    internal static class Durations
    {
        public static void RequirePositive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, not {value.TotalSeconds} s.");
            }
        }
    }
}

namespace AsyncHttp
{
    /// <summary>Which statuses a retry may cure.</summary>
    internal static class StatusCodes
    {
        public static bool IsTransient(int status) =>
            status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        public static bool IsSuccess(int status) => status >= 200 && status <= 299;
    }
}

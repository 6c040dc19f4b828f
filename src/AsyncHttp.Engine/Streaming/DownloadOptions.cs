namespace AsyncHttp
{
    /// <summary>Where and how a body is saved.</summary>
    public sealed class DownloadOptions
    {
        /// <summary>The file to write. It appears only when complete; until then the body goes to "&lt;Path&gt;.partial".</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>Continue an earlier partial download with a Range request, when the server's validator still matches.</summary>
        public bool Resume { get; set; }

        /// <summary>How the request is made: timeouts, retries and defaults.</summary>
        public StreamOptions Stream { get; set; } = new StreamOptions();
    }
}

namespace AsyncHttp
{
    /// <summary>
    /// What a run does with the body of a response that is not a failure; chosen once per run. The body of a failed
    /// response is always read into memory, for <see cref="HttpError.ResponseBody"/>.
    /// </summary>
    internal enum BodyFate
    {
        /// <summary>Read into memory, for <see cref="HttpResult.Content"/>.</summary>
        Buffer,
        /// <summary>Saved to a file in the run's folder (-OutDirectory).</summary>
        SaveToFolder,
        /// <summary>Left unread, for the caller to stream (<see cref="OpenBody"/>); the body has no total time limit.</summary>
        KeepOpen,
    }
}

namespace AsyncHttp
{
    /// <summary>How a streamed body is handed out.</summary>
    public enum StreamMode
    {
        /// <summary>Byte chunks as they arrive (<see cref="HttpChunk"/>).</summary>
        Chunks,
        /// <summary>Text lines as the server flushes them, decoded by the response charset.</summary>
        Lines,
        /// <summary>Newline-delimited JSON: one parsed value per line (<see cref="JsonLine"/>).</summary>
        JsonLines,
        /// <summary>Server-sent events as the WHATWG HTML standard defines them (<see cref="ServerSentEvent"/>).</summary>
        ServerSentEvents,
    }
}

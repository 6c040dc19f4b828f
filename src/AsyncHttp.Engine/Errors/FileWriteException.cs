using System;

namespace AsyncHttp
{
    /// <summary>
    /// A body could not be written to its local file: a missing folder, no permission, a full disk. Not a network
    /// failure, so never retried: the same file fails the same way.
    /// </summary>
    public sealed class FileWriteException : Exception
    {
        internal FileWriteException(string path, Exception inner, bool beforeSending = false)
            : base($"The body could not be written to '{path}': {inner.Message}{(beforeSending ? " Nothing was sent." : string.Empty)}", inner)
        {
            Path = path;
        }

        /// <summary>The file that could not be written.</summary>
        public string Path { get; }

        /// <summary>Whether an exception is a local file's failure (as opposed to the network's).</summary>
        internal static bool IsFileFailure(Exception exception) => exception is System.IO.IOException || exception is UnauthorizedAccessException;
    }
}

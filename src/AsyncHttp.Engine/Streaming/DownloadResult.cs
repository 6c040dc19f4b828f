using System;

namespace AsyncHttp
{
    /// <summary>A body saved to a file: where, how much, how fast, and its SHA-256.</summary>
    public sealed class DownloadResult
    {
        /// <summary>The file, complete.</summary>
        public string Path { get; internal set; } = string.Empty;

        /// <summary>The URI that answered.</summary>
        public Uri? Uri { get; internal set; }

        /// <summary>The size of the file.</summary>
        public long Bytes { get; internal set; }

        /// <summary>Bytes transferred by this call (less than <see cref="Bytes"/> when resumed).</summary>
        public long BytesTransferred { get; internal set; }

        /// <summary>Whether an earlier partial download was continued.</summary>
        public bool Resumed { get; internal set; }

        /// <summary>Why an earlier partial download was dropped and this one started over (damaged resume data); null otherwise.</summary>
        public string? RestartReason { get; internal set; }

        /// <summary>Wall time of this call.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>Bytes transferred per second.</summary>
        public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesTransferred / Elapsed.TotalSeconds : 0;

        /// <summary>The SHA-256 of the whole file, in upper-case hex as Get-FileHash shows it.</summary>
        public string Sha256 { get; internal set; } = string.Empty;

        /// <summary>The status of the response (200, or 206 when resumed).</summary>
        public int StatusCode { get; internal set; }

        /// <summary>Response and content headers; values of repeated headers are joined with ", ".</summary>
        public System.Collections.Generic.IReadOnlyDictionary<string, string> Headers { get; internal set; } = HttpResult.EmptyHeaders;

        /// <inheritdoc/>
        public override string ToString() => $"{Path} ({Bytes} bytes)";
    }
}

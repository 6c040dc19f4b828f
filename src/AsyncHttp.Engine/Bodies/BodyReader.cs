using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Reads a whole body, failing when the server falls silent for longer than the read timeout or sends more than the limit.</summary>
    internal static class BodyReader
    {
        private const int ChunkSize = 16 * 1024;

        /// <summary>
        /// The body, at most <paramref name="limit"/> decoded bytes. Never reserves more than the limit, whatever
        /// Content-Length claims: a larger claim fails before a byte is read.
        /// </summary>
        public static async Task<BodyBuffer> ReadAsync(HttpContent content, TimeSpan readTimeout, long limit, CancellationToken cancellationToken)
        {
            long? declared = content.Headers.ContentLength;
            if (declared == 0)
            {
                return BodyBuffer.Empty;
            }
            if (declared > limit)
            {
                throw TooLarge(limit, 0);
            }
            byte[] buffer = new byte[declared is long known && known > 0 ? known : Math.Min(ChunkSize, limit)];
            int length = 0;
            using (Stream stream = await SilentRead.OpenAsync(content, cancellationToken).ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == declared)
                    {
                        // The handler enforces Content-Length: the body is complete, and a growing buffer would only find its end.
                        break;
                    }
                    if (length == buffer.Length)
                    {
                        if (length >= limit)
                        {
                            // Full to the limit: one more byte means the body is larger.
                            byte[] probe = new byte[1];
                            if (await SilentRead.ReadBodyAsync(stream, probe, 0, 1, length, readTimeout, cancellationToken).ConfigureAwait(false) == 0)
                            {
                                break;
                            }
                            throw TooLarge(limit, length + 1);
                        }
                        Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit));
                    }
                    int read = await SilentRead.ReadBodyAsync(stream, buffer, length, buffer.Length - length, length, readTimeout, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }
                    length += read;
                }
            }
            return new BodyBuffer(buffer, length);
        }

        /// <summary>Not transient: the same body is as large next time.</summary>
        private static PayloadException TooLarge(long limit, long received) => new PayloadException(
            $"The body is larger than the {Describe(limit)} MaximumResponseSize allows for a body kept in memory. Raise -MaximumResponseSize, "
            + "or save the body with -OutDirectory or read it with Receive-HttpStream, which stream it and are not limited.",
            received, null, transient: false);

        private static string Describe(long bytes) =>
            bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";
    }
}

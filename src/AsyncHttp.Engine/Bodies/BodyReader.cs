using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Reads a whole body, failing when the server falls silent for longer than the read timeout.</summary>
    internal static class BodyReader
    {
        private const int ChunkSize = 16 * 1024;

        public static async Task<BodyBuffer> ReadAsync(HttpContent content, TimeSpan readTimeout, CancellationToken cancellationToken)
        {
            long? declared = content.Headers.ContentLength;
            if (declared == 0)
            {
                return BodyBuffer.Empty;
            }
            byte[] buffer = new byte[declared is long known && known > 0 && known < int.MaxValue ? known : ChunkSize];
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
                        Array.Resize(ref buffer, checked(buffer.Length * 2));
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
    }
}

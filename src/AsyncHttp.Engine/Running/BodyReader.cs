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
            try
            {
#if NET
                Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
                Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                using (stream)
                {
                    while (true)
                    {
                        if (length == buffer.Length)
                        {
                            Array.Resize(ref buffer, checked(buffer.Length * 2));
                        }
                        int read = await SilentRead.ReadAsync(stream, buffer, length, buffer.Length - length, readTimeout, cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }
                        length += read;
                    }
                }
            }
            catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ReadTimeoutException(readTimeout, length);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && (ex is IOException || ex is HttpRequestException))
            {
                throw new PayloadException($"The body was cut short after {length} bytes: {ex.Message}", length, ex);
            }
            return new BodyBuffer(buffer, length);
        }
    }
}

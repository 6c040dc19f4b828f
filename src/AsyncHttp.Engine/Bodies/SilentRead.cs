using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Reading a body: each read fails when the server falls silent for too long, and a broken body says how far it got.</summary>
    internal static class SilentRead
    {
        /// <summary>The body's stream.</summary>
        public static Task<Stream> OpenAsync(HttpContent content, CancellationToken cancellationToken)
        {
#if NET
            return content.ReadAsStreamAsync(cancellationToken);
#else
            return content.ReadAsStreamAsync();
#endif
        }

        /// <summary>
        /// One read of a body of which <paramref name="received"/> bytes came already: silence past the timeout is a
        /// <see cref="ReadTimeoutException"/>, a broken connection a <see cref="PayloadException"/>.
        /// </summary>
        public static async ValueTask<int> ReadBodyAsync(Stream body, byte[] buffer, int offset, int count, long received, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
#if NET
                // Inlined rather than awaiting ReadAsync: this runs for every request, and each async layer costs.
                ValueTask<int> read = body.ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
                return read.IsCompleted
                    ? await read.ConfigureAwait(false)
                    : await read.AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
#else
                return await ReadAsync(body, buffer, offset, count, timeout, cancellationToken).ConfigureAwait(false);
#endif
            }
            catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ReadTimeoutException(timeout, received);
            }
            catch (InvalidDataException ex)
            {
                // A body that does not decompress (Content-Encoding gzip, deflate or br) is malformed, not cut short.
                throw new PayloadException($"The body could not be decompressed after {received} bytes: {ex.Message}", received, ex, transient: false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && (ex is IOException || ex is HttpRequestException))
            {
                throw new PayloadException($"The body was cut short after {received} bytes: {ex.Message}", received, ex);
            }
        }

        /// <summary>
        /// One read that fails with <see cref="TimeoutException"/> after the given silence. Data already buffered is taken
        /// without a timer; on timeout the caller disposes the stream, which ends the pending read.
        /// </summary>
        public static async ValueTask<int> ReadAsync(Stream stream, byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
#if NET
            ValueTask<int> read = stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
            if (read.IsCompleted)
            {
                return await read.ConfigureAwait(false);
            }
            return await read.AsTask().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
#else
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            silence.CancelAfter(timeout);
            try
            {
                return await stream.ReadAsync(buffer, offset, count, silence.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException();
            }
#endif
        }
    }
}

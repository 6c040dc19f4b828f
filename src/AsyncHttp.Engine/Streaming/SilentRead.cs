using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Reads that fail with <see cref="TimeoutException"/> when the server falls silent for too long.</summary>
    internal static class SilentRead
    {
        /// <summary>
        /// One read. Data already buffered is taken without a timer; on timeout the caller disposes the stream,
        /// which ends the pending read.
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

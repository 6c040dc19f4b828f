using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Reads a body ahead of its consumer, into a bounded queue of pooled buffers: the network read of the next buffers
    /// overlaps the handling of this one, and a consumer that falls behind takes everything that has arrived at once.
    /// Buffers stay below 85,000 bytes, off the large object heap, whose churn costs full collections.
    /// At most <see cref="Depth"/> buffers are queued, so memory stays bounded whatever the body's size.
    /// </summary>
    internal sealed class ReadAhead : IDisposable
    {
        /// <summary>The size of one read.</summary>
        public const int BufferSize = 64 * 1024;

        /// <summary>Buffers read ahead at most: 1 MiB.</summary>
        public const int Depth = 16;

        private readonly Channel<ArraySegment<byte>> _filled =
            Channel.CreateBounded<ArraySegment<byte>>(new BoundedChannelOptions(Depth) { SingleReader = true, SingleWriter = true });
        private readonly List<ArraySegment<byte>> _taken = new List<ArraySegment<byte>>(Depth);
        private readonly CancellationTokenSource _cancel;
        private ExceptionDispatchInfo? _failure;

        /// <summary>Starts reading at once with <paramref name="read"/>, which fills a buffer and returns 0 at the end.</summary>
        public ReadAhead(Func<byte[], CancellationToken, ValueTask<int>> read, CancellationToken cancellationToken)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = FillAsync(read, _cancel.Token);
        }

        /// <summary>
        /// Waits for at least one buffer, then takes every other one already there: empty at the end of the body.
        /// Call <see cref="Release"/> before taking again. A failed read is thrown here, after the buffers read before it.
        /// </summary>
        public async ValueTask<IReadOnlyList<ArraySegment<byte>>> TakeAsync(CancellationToken cancellationToken)
        {
            if (!_filled.Reader.TryRead(out ArraySegment<byte> first))
            {
                if (!await _filled.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) || !_filled.Reader.TryRead(out first))
                {
                    _failure?.Throw();
                    return _taken;
                }
            }
            _taken.Add(first);
            while (_taken.Count < Depth && _filled.Reader.TryRead(out ArraySegment<byte> next))
            {
                _taken.Add(next);
            }
            return _taken;
        }

        /// <summary>Gives the taken buffers back to the pool.</summary>
        public void Release()
        {
            foreach (ArraySegment<byte> segment in _taken)
            {
                ArrayPool<byte>.Shared.Return(segment.Array!);
            }
            _taken.Clear();
        }

        /// <summary>Stops reading; buffers still queued are left to the collector.</summary>
        public void Dispose()
        {
            // Not disposed: the read may still be using its token. The source is linked to the stream's own, which is.
            _cancel.Cancel();
        }

        private async Task FillAsync(Func<byte[], CancellationToken, ValueTask<int>> read, CancellationToken cancellationToken)
        {
            // Off the caller's thread at once: it goes on to take what arrives.
            await Task.Yield();
            try
            {
                while (true)
                {
                    byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    int count;
                    try
                    {
                        count = await read(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        throw;
                    }
                    if (count == 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        break;
                    }
                    await _filled.Writer.WriteAsync(new ArraySegment<byte>(buffer, 0, count), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                _failure = ExceptionDispatchInfo.Capture(ex);
            }
            _filled.Writer.TryComplete();
        }
    }
}

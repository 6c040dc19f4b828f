using System.Threading;

namespace AsyncHttp
{
    /// <summary>How far a transfer has come; written by the transfer, read by anyone, any time.</summary>
    public sealed class TransferProgress
    {
        private long _bytes;
        private long _total = -1;

        /// <summary>Bytes received so far, by this transfer and (when resumed) before it.</summary>
        public long Bytes => Interlocked.Read(ref _bytes);

        /// <summary>The size of the whole body, when the server said; otherwise null.</summary>
        public long? TotalBytes => Interlocked.Read(ref _total) is long total && total >= 0 ? total : (long?)null;

        internal void Add(long count) => Interlocked.Add(ref _bytes, count);

        internal void Start(long alreadyThere, long? total)
        {
            Interlocked.Exchange(ref _bytes, alreadyThere);
            Interlocked.Exchange(ref _total, total ?? -1);
        }
    }
}

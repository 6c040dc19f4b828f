namespace AsyncHttp
{
    /// <summary>Bytes of a body as they arrived.</summary>
    public sealed class HttpChunk
    {
        internal HttpChunk(long offset, byte[] data)
        {
            Offset = offset;
            Data = data;
        }

        /// <summary>Where in the body the chunk starts.</summary>
        public long Offset { get; }

        /// <summary>The bytes.</summary>
        public byte[] Data { get; }

        /// <summary>How many bytes.</summary>
        public int Count => Data.Length;

        /// <inheritdoc/>
        public override string ToString() => $"{Count} bytes at {Offset}";
    }
}

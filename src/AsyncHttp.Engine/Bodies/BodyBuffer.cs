using System;
using System.Net.Http.Headers;
using System.Text;

namespace AsyncHttp
{
    /// <summary>A response body held in memory, decoded on demand by its BOM, the caller's encoding or its charset.</summary>
    internal sealed class BodyBuffer
    {
        public static readonly BodyBuffer Empty = new BodyBuffer(Array.Empty<byte>(), 0);

        public BodyBuffer(byte[] bytes, int length)
        {
            Bytes = bytes;
            Length = length;
        }

        public byte[] Bytes { get; }

        public int Length { get; }

        /// <summary>The body's bytes, exactly as many as arrived.</summary>
        public byte[] ToArray()
        {
            if (Length == Bytes.Length)
            {
                return Bytes;
            }
            var copy = new byte[Length];
            Buffer.BlockCopy(Bytes, 0, copy, 0, Length);
            return copy;
        }

        /// <summary>
        /// The body as text. A byte order mark decides the encoding, as it cannot lie; else <paramref name="encoding"/>
        /// (the caller's word for bodies whose charset is missing or wrong); else the charset; else UTF-8.
        /// </summary>
        public string Decode(MediaTypeHeaderValue? contentType, int maxChars = int.MaxValue, Encoding? encoding = null)
        {
            int offset;
            Encoding chosen = Charset.FromBom(Bytes, Length, out offset) ?? encoding ?? Charset.Of(contentType);
            // Enough bytes for maxChars in any encoding; the string is trimmed after.
            long take = maxChars == int.MaxValue ? Length - offset : Math.Min(Length - offset, (long)maxChars * 4);
            string text = chosen.GetString(Bytes, offset, (int)take);
            return text.Length > maxChars ? text.Substring(0, maxChars) : text;
        }
    }
}

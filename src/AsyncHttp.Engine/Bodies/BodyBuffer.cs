using System;
using System.Net.Http.Headers;
using System.Text;

namespace AsyncHttp
{
    /// <summary>A response body held in memory, decoded on demand by its charset.</summary>
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

        public string Decode(MediaTypeHeaderValue? contentType, int maxChars = int.MaxValue)
        {
            Encoding encoding = Charset.Of(contentType);
            int offset = 0;
            byte[] preamble = encoding.GetPreamble();
            if (preamble.Length > 0 && Length >= preamble.Length && Bytes.AsSpan(0, preamble.Length).SequenceEqual(preamble))
            {
                offset = preamble.Length;
            }
            // Enough bytes for maxChars in any encoding; the string is trimmed after.
            long take = maxChars == int.MaxValue ? Length - offset : Math.Min(Length - offset, (long)maxChars * 4);
            string text = encoding.GetString(Bytes, offset, (int)take);
            return text.Length > maxChars ? text.Substring(0, maxChars) : text;
        }
    }
}

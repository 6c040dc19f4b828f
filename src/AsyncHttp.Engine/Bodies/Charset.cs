using System;
using System.Net.Http.Headers;
using System.Text;

namespace AsyncHttp
{
    /// <summary>The encoding a response's charset names; UTF-8 when it names none, or one this platform lacks.</summary>
    internal static class Charset
    {
        public static Encoding Of(MediaTypeHeaderValue? contentType)
        {
            string? charset = contentType?.CharSet?.Trim('"', ' ');
            if (!string.IsNullOrEmpty(charset))
            {
                try
                {
                    return Encoding.GetEncoding(charset!);
                }
                catch (ArgumentException)
                {
                    // An unknown charset is read as UTF-8 rather than failing a response that arrived whole.
                }
            }
            return Encoding.UTF8;
        }

        /// <summary>The encoding a byte order mark at the start names, and the mark's length; null when there is none.</summary>
        public static Encoding? FromBom(byte[] bytes, int length, out int bomLength)
        {
            bomLength = 0;
            if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                bomLength = 3;
                return Encoding.UTF8;
            }
            if (length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
            {
                bomLength = 4;
                return Encoding.UTF32;
            }
            if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                bomLength = 2;
                return Encoding.Unicode;
            }
            if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                bomLength = 2;
                return Encoding.BigEndianUnicode;
            }
            return null;
        }

        /// <summary>The encoding of a name such as "utf-8" or "windows-1252"; throws <see cref="ArgumentException"/> naming it when unknown.</summary>
        public static Encoding Named(string name)
        {
            try
            {
                return Encoding.GetEncoding(name.Trim());
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Encoding '{name}' is not known on this platform.", ex);
            }
        }
    }
}

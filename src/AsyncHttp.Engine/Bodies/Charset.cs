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
    }
}

using System;
using System.Collections.Generic;
using System.Text;

namespace AsyncHttp
{
    /// <summary>Response and content headers by name (case-insensitive); as text, one "Name: value" line each, so that Export-Csv writes them readably.</summary>
    public sealed class ResponseHeaders : Dictionary<string, string>
    {
        /// <summary>An empty set.</summary>
        public ResponseHeaders()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        /// <summary>An empty set with room for <paramref name="capacity"/> headers.</summary>
        public ResponseHeaders(int capacity)
            : base(capacity, StringComparer.OrdinalIgnoreCase)
        {
        }

        /// <summary>"Name: value" lines, as the headers arrived (Set-Cookie values redacted).</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (KeyValuePair<string, string> header in this)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }
                text.Append(header.Key).Append(": ").Append(header.Value);
            }
            return text.ToString();
        }
    }
}
